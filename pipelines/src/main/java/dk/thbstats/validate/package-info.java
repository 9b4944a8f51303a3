/**
 * Data quality: rules that decide whether a row is accepted or quarantined. Reads staged or
 * pseudonymised rows and adds problems; never drops a row. The only package that may import
 * Deequ (issue 3 brings the Deequ facade and rules as data).
 */
package dk.thbstats.validate;
