/** Text escaping shared by the Markdown sections. */

/** Free text on one line, with `<` and `>` escaped so a name such as `<hybrid loss>` is not read as an HTML tag. */
export const oneLine = (text: string) =>
  text
    .replace(/\s*\n\s*/g, ' ')
    .trim()
    .replace(/[<>]/g, (character) => `\\${character}`);

/** Relative links with spaces or other characters Markdown would split on, percent-encoded. */
export const link = (file: string) => encodeURI(file);
