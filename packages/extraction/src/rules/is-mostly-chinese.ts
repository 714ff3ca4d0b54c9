/** True when the text is mostly Chinese. */
export function isMostlyChinese(text: string): boolean {
  const han = (text.match(/\p{Script=Han}/gu) ?? []).length;
  const latin = (text.match(/[A-Za-z]+/g) ?? []).length;
  return han > 0 && han >= latin;
}
