/**
 * Leads: the people workflows find, create, update and message.
 *
 * <p>Names, company, emails, phones and custom fields are stored only as AES-GCM ciphertexts
 * bound to {@code lead:<id>:<field>}; exact email/phone search and name/company word-prefix search
 * go through keyed HMAC tokens ({@link io.leadflow.kernel.crypto.BlindIndex}): contacts in
 * {@code lead_search}, word prefixes in {@code lead_word} (see {@code SearchTokens}). Status, source, tags, owner, consent and dates are plain and indexed.
 * Emails are trimmed with a lower-cased domain; phones are E.164 (see {@code ContactNormalizer}).
 * Dedupe and merge rules are on {@link io.leadflow.kernel.lead.LeadService}. Every read and write
 * is audited ({@code lead.read}, {@code lead.listed}, {@code lead.created}, {@code lead.updated},
 * {@code lead.merged}, {@code lead.deleted}, {@code lead.exported}) with field names, never
 * values; live events on the {@code leads} topic carry the id only.
 *
 * <p>Also: streamed bulk import ({@code LeadImport}), rotation of the data keys with a resumable
 * background re-encryption ({@code LeadReencryption}), and erasure that reaches into stored
 * workflow executions ({@code LeadPiiScrubber}).
 */
package io.leadflow.kernel.lead;
