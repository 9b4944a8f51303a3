/**
 * The pseudonymisation domain: key handling (master secret, HKDF subkeys, demo and test keys),
 * name normalisation, keyed HMAC tokens, sealed birth dates and ages computed from them. Reads the
 * staged cleartext rows of ingest and writes pseudonymised record rows. Nothing outside this
 * package sees key bytes.
 */
package dk.thbstats.pseudonymise;
