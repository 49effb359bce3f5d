// Every platform spec in this folder (one file per platform; see types.d.ts), for the jest suites and the real-n8n
// suite alike. A sixth platform adds its file here and nothing else in the shared suites.
'use strict';

const { readdirSync } = require('node:fs');
const path = require('node:path');

const specs = readdirSync(__dirname)
	.filter((file) => file.endsWith('.js') && file !== 'index.js')
	.sort()
	.map((file) => require(path.join(__dirname, file)));

module.exports = { specs };
