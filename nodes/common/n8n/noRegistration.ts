/**
 * For platforms without a webhook registration API the user pastes the URL into the platform by hand (the node's
 * notice says where). There is nothing to look up, create or delete, and saying "exists" keeps n8n from calling
 * `create` at all.
 */
export const noRegistration = {
	async checkExists(): Promise<boolean> {
		return true;
	},
	async create(): Promise<boolean> {
		return true;
	},
	async delete(): Promise<boolean> {
		return true;
	},
};
