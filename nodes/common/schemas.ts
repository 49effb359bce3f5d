import { z } from 'zod/v4';

/**
 * Ids that platforms send as strings in one place and numbers in another. A plain union, not a transform: the
 * field functions turn them into strings (`idText`), which keeps parsing cheap on the hot path.
 */
export const idSchema = z.union([z.string(), z.number()]);

export function idText(id: string | number): string;
export function idText(id: string | number | null | undefined): string | null;
export function idText(id: string | number | null | undefined): string | null {
	return id === undefined || id === null ? null : String(id);
}
