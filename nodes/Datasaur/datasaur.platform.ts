import { z } from 'zod/v4';

import { defineEvent } from '../common/events';
import type { PlatformDefinition } from '../common/platform';
import { idSchema, idText } from '../common/schemas';
import { hexHmacSignature } from '../common/signatures/hexHmac';
import { isRecord, isoOrUndefined, stringAt } from '../common/values';

const personSchema = z.looseObject({
	id: idSchema.optional(),
	email: z.string().nullish(),
	username: z.string().nullish(),
	name: z.string().nullish(),
});
const team = z.looseObject({ id: idSchema, name: z.string().nullish() });
const project = z.looseObject({
	id: idSchema,
	name: z.string().nullish(),
	type: z.string().nullish(),
	tags: z.array(z.unknown()).nullish(),
});

/** `{eventType, data: {timestamp, …}}` (docs.datasaur.ai, webhook events page). */
function datasaurEvent<Data extends z.core.$ZodLooseShape>(data: Data) {
	return z.looseObject({
		eventType: z.string(),
		data: z.looseObject({ timestamp: z.string().optional(), ...data }),
	});
}

export const projectCreatedSchema = datasaurEvent({ project, team });
export const beforeUpdateLabelsSchema = datasaurEvent({
	document: z.looseObject({
		id: idSchema,
		originId: idSchema.nullish(),
		name: z.string().nullish(),
		fileName: z.string().nullish(),
		createdAt: z.string().nullish(),
		lastSavedAt: z.string().nullish(),
	}),
	isReviewDocument: z.boolean().optional(),
	labelUpdateList: z.looseObject({
		toDeleteList: z.array(z.unknown()).default([]),
		toUpsertList: z.array(z.unknown()).default([]),
	}),
	owner: personSchema.optional(),
	team: team.partial().optional(),
});
export const projectCompletedSchema = datasaurEvent({ labeler: personSchema, project, team: team.partial() });
export const projectReviewedSchema = datasaurEvent({ reviewer: personSchema, project, team: team.partial() });

export type DatasaurProjectCreatedEvent = z.infer<typeof projectCreatedSchema>;
export type DatasaurBeforeUpdateLabelsEvent = z.infer<typeof beforeUpdateLabelsSchema>;
export type DatasaurProjectCompletedEvent = z.infer<typeof projectCompletedSchema>;
export type DatasaurProjectReviewedEvent = z.infer<typeof projectReviewedSchema>;

type Person = z.infer<typeof personSchema>;
type Project = z.infer<typeof project>;
type TeamReference = { id?: string | number };

/** The display name Datasaur gives a person: the name, else the username. */
function personName(who: Person | undefined): string | null {
	return who?.name ?? who?.username ?? null;
}

/** The typed fields of each event, as the item carries them. */
const projectFieldsShape = {
	projectId: z.string(),
	projectName: z.string().nullable(),
	projectType: z.string().nullable(),
};
const projectCreatedFieldsSchema = z.object({
	...projectFieldsShape,
	projectTags: z.array(z.unknown()),
	teamId: z.string(),
	teamName: z.string().nullable(),
});
const beforeUpdateLabelsFieldsSchema = z.object({
	documentId: z.string(),
	documentName: z.string().nullable(),
	fileName: z.string().nullable(),
	isReviewDocument: z.boolean(),
	labelsToUpsert: z.array(z.unknown()),
	labelsToDelete: z.array(z.unknown()),
	upsertCount: z.number(),
	deleteCount: z.number(),
	ownerId: z.string().nullable(),
	ownerEmail: z.string().nullable(),
	ownerName: z.string().nullable(),
	teamId: z.string().nullable(),
});
function finishedProjectFieldsSchema(role: 'labeler' | 'reviewer') {
	return z.object({
		...projectFieldsShape,
		[`${role}Id`]: z.string().nullable(),
		[`${role}Email`]: z.string().nullable(),
		[`${role}Name`]: z.string().nullable(),
		teamId: z.string().nullable(),
	});
}

function projectFields(value: Project) {
	return { projectId: idText(value.id), projectName: value.name ?? null, projectType: value.type ?? null };
}

/**
 * PROJECT_COMPLETED and PROJECT_REVIEWED carry the same body but for who finished the project, the `labeler` or the
 * `reviewer`: one builder for both, with that person's fields named after the role (`labelerId`, `reviewerEmail` …).
 */
function finishedProjectFields(role: 'labeler' | 'reviewer', value: Project, who: Person, team: TeamReference) {
	return {
		...projectFields(value),
		[`${role}Id`]: idText(who.id),
		[`${role}Email`]: who.email ?? null,
		[`${role}Name`]: personName(who),
		teamId: idText(team.id),
	};
}

function projectLabel(value: Project): string {
	return value.name ? `"${value.name}"` : idText(value.id);
}

function whoLabel(who: Person): string {
	return who.name ?? who.username ?? who.email ?? 'someone';
}

export const datasaur: PlatformDefinition = {
	id: 'datasaur',
	displayName: 'Datasaur',
	signature: hexHmacSignature('X-Datasaur-Signature'),
	signatureHeaders: ['x-datasaur-signature'],
	events: [
		defineEvent({
			name: 'PROJECT_CREATED',
			displayName: 'Project Created',
			description: 'A labeling project was created',
			schema: projectCreatedSchema,
			fieldsSchema: projectCreatedFieldsSchema,
			fields: (event: DatasaurProjectCreatedEvent) => ({
				...projectFields(event.data.project),
				projectTags: event.data.project.tags ?? [],
				teamId: idText(event.data.team.id),
				teamName: event.data.team.name ?? null,
			}),
			summary: (event) =>
				`Project ${projectLabel(event.data.project)} was created in team ${event.data.team.name ?? idText(event.data.team.id)}.`,
		}),
		defineEvent({
			name: 'BEFORE_UPDATE_LABELS',
			displayName: 'Before Update Labels',
			description: 'A labeler is about to apply or change labels in a document',
			schema: beforeUpdateLabelsSchema,
			fieldsSchema: beforeUpdateLabelsFieldsSchema,
			fields: (event: DatasaurBeforeUpdateLabelsEvent) => ({
				documentId: idText(event.data.document.id),
				documentName: event.data.document.name ?? null,
				fileName: event.data.document.fileName ?? null,
				isReviewDocument: event.data.isReviewDocument ?? false,
				labelsToUpsert: event.data.labelUpdateList.toUpsertList,
				labelsToDelete: event.data.labelUpdateList.toDeleteList,
				upsertCount: event.data.labelUpdateList.toUpsertList.length,
				deleteCount: event.data.labelUpdateList.toDeleteList.length,
				ownerId: idText(event.data.owner?.id),
				ownerEmail: event.data.owner?.email ?? null,
				ownerName: personName(event.data.owner),
				teamId: idText(event.data.team?.id),
			}),
			summary: (event) => {
				const list = event.data.labelUpdateList;
				const document = event.data.document.name ?? event.data.document.fileName ?? idText(event.data.document.id);
				return `${list.toUpsertList.length} label(s) to add or change and ${list.toDeleteList.length} to delete in document ${document}.`;
			},
		}),
		defineEvent({
			name: 'PROJECT_COMPLETED',
			displayName: 'Project Completed',
			description: 'A labeler marked a project complete',
			schema: projectCompletedSchema,
			fieldsSchema: finishedProjectFieldsSchema('labeler'),
			fields: (event: DatasaurProjectCompletedEvent) =>
				finishedProjectFields('labeler', event.data.project, event.data.labeler, event.data.team),
			summary: (event) =>
				`Project ${projectLabel(event.data.project)} was completed by labeler ${whoLabel(event.data.labeler)}.`,
		}),
		defineEvent({
			name: 'PROJECT_REVIEWED',
			displayName: 'Project Reviewed',
			description: 'A reviewer marked a project complete',
			schema: projectReviewedSchema,
			fieldsSchema: finishedProjectFieldsSchema('reviewer'),
			fields: (event: DatasaurProjectReviewedEvent) =>
				finishedProjectFields('reviewer', event.data.project, event.data.reviewer, event.data.team),
			summary: (event) =>
				`Project ${projectLabel(event.data.project)} was reviewed by ${whoLabel(event.data.reviewer)}.`,
		}),
	],
	eventName: (payload) => stringAt(payload, 'eventType'),
	// Datasaur sends no event id: the engine falls back to a hash of the raw body, which is the same on a retry.
	eventId: () => undefined,
	occurredAt: (payload) => (isRecord(payload) ? isoOrUndefined(stringAt(payload.data, 'timestamp')) : undefined),
	fallbackSummary: (event) => `Datasaur sent ${event}.`,
};
