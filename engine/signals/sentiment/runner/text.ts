const URL_PATTERN = /https?:\/\/\S+/g;

/** Links carry no sentiment and cost a dozen word pieces each; training stripped them the same way. */
export function stripUrls(text: string): string {
  return text.replace(URL_PATTERN, ' ').split(/\s+/).filter(Boolean).join(' ');
}
