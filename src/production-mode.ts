/**
 * `npm start` runs in production mode unless NODE_ENV says otherwise. Imported first by main.ts,
 * because libraries read NODE_ENV when they load: graphql-js, outside production, checks every
 * `instanceof` across realms (1.5% of the inbox page's CPU in the profile), and Yoga would add
 * development details to masked errors.
 */
process.env.NODE_ENV ??= 'production';
