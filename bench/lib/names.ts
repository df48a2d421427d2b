/** A name as the local part of a generated email address: ASCII letters and digits only (`Åse Sæther` → `asesaether`). */
export function asciiLocalPart(name: string): string {
  const map: Record<string, string> = { æ: 'ae', ø: 'o', å: 'a', ä: 'a', ö: 'o', é: 'e', ü: 'u' };
  return name
    .toLowerCase()
    .replace(/[æøåäöéü]/g, (c) => map[c] ?? c)
    .replace(/[^a-z0-9]+/g, '');
}
