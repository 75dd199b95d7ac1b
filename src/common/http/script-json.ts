/**
 * JSON for a `<script type="application/json">` block: `<` is escaped, so no value can close the element
 * ("</script>") or open a comment in it.
 */
export const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');
