import type { EventDefinition } from './events';
import type { PlatformDefinition } from './platform';

/** The Events option that also lets through events the platform adds after this node was written. */
export const ANY_EVENT = '*';

/** The documented event a received name stands for, by its name or one of its aliases. */
export function findEvent(platform: PlatformDefinition, eventName: string): EventDefinition | undefined {
	return platform.events.find(
		(definition) => definition.name === eventName || definition.aliases?.includes(eventName) === true,
	);
}

/** Whether the user's Events selection lets this event through. Nothing selected is read as everything. */
export function isEventSelected(
	platform: PlatformDefinition,
	selected: string[],
	eventName: string,
	definition: EventDefinition | undefined,
	reading: unknown,
): boolean {
	if (selected.length === 0 || selected.includes(ANY_EVENT)) return true;
	if (selected.includes(definition?.name ?? eventName)) return true;
	return platform.selectionNamesOf?.(eventName, reading).some((name) => selected.includes(name)) ?? false;
}
