import datasaurFixtures from '../fixtures/datasaur.json';
import mythicDotFixtures from '../fixtures/mythicdot.json';
import polyaxonFixtures from '../fixtures/polyaxon.json';
import segmentsAiFixtures from '../fixtures/segmentsai.json';
import segmindFixtures from '../fixtures/segmind.json';

/** Realistic payloads per documented event (PLATFORMS.md), as the platform would send them. */
export const fixtures = {
	mythicdot: mythicDotFixtures as Record<string, Record<string, unknown>>,
	segmentsai: segmentsAiFixtures as Record<string, Record<string, unknown>>,
	datasaur: datasaurFixtures as Record<string, Record<string, unknown>>,
	segmind: segmindFixtures as Record<string, Record<string, unknown>>,
	polyaxon: polyaxonFixtures as Record<string, Record<string, unknown>>,
};
