// Page lists as the scripts take them on the command line: "3-5,8" → [3, 4, 5, 8].
export function parsePages(spec: string): number[] {
  const out: number[] = [];
  for (const part of spec.split(',')) {
    const [a, b] = part.split('-').map(Number) as [number, number | undefined];
    for (let p = a; p <= (b ?? a); p++) out.push(p);
  }
  return out;
}
