import { z } from 'zod';

/** Ids that platforms send as strings in one place and numbers in another; items always carry strings. */
export const idSchema = z.union([z.string(), z.number()]).transform(String);

/** Unknown fields are kept: a platform may add fields at any time (PLATFORMS.md). */
export function openObject<Shape extends z.ZodRawShape>(shape: Shape) {
	return z.object(shape).passthrough();
}
