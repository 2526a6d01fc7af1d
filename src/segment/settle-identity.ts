// The identity a document is stored under: the --identity table's row when the crawl knows
// who published the file (it wins, and a content that says otherwise is noted), else the
// content's weighed evidence, else — a disclosure whose text never names its unit — the
// file name, said so. Notes become findings (I01–I03).
import type { DocIdentity, IdentityInfo, SourceFile, TextLine } from '../core/types.ts';
import type { KnownIdentity } from '../core/identity-table.ts';
import { cleanUnitName, isUnitName, unitKey } from '../normalize/org.ts';
import type { IdentityReading } from './identity.ts';

export interface IdentityNote {
  readonly code: 'I01' | 'I02' | 'I03' | 'Y04';
  readonly message: string;
  /** Where the note points (the lines that give each year, for Y04). */
  readonly lines?: readonly TextLine[];
}

export interface SettledIdentity {
  readonly identity: DocIdentity;
  readonly info: IdentityInfo;
  readonly notes: readonly IdentityNote[];
}

/** Below this the content's unit is reported as uncertain (I01). */
export const WEAK_IDENTITY = 0.5;

const listed = (r: IdentityReading) => r.candidates.map((c) => `${c.unit} (${c.score}, ${c.from.join('+')})`).join('; ');

/** A unit's name in a crawl's file name ("预算数据_005_某市_2026年某市某局部门预算.pdf"). */
export function unitFromFileName(name: string): string | undefined {
  const stem = name.replace(/\.[A-Za-z0-9]{1,5}$/u, '');
  let found: string | undefined;
  for (const part of stem.split(/[_\s\-—]+/u)) {
    const u = cleanUnitName(part.replace(/^20\d{2}\s*年度?/u, '').replace(/(?:20\d{2}\s*年度?)?(?:部门|单位)?(?:综合)?(?:预算|决算).*$/u, ''));
    if (isUnitName(u) && (!found || u.length > found.length)) found = u;
  }
  return found;
}

/**
 * The titles disagree on the year (Y04): a cover that says 2025 over tables and headings that say
 * 2026, or the other way round. Said with the first line of each year, whichever is kept.
 */
function yearDisagreement(reading: IdentityReading): IdentityNote[] {
  const years = reading.years ?? [];
  const [top, second] = years;
  if (top && second && second.weight >= 2 && second.weight >= 0.4 * top.weight) {
    return [
      {
        code: 'Y04',
        message: `the titles disagree on the year: ${top.year} (weight ${top.weight}, first on p.${top.line.page ?? '?'}) and ${second.year} (weight ${second.weight}, first on p.${second.line.page ?? '?'}); ${reading.year} is taken`,
        lines: [top.line, second.line],
      },
    ];
  }
  // a cover dated one year while the rest of the document (its text, not only its titles) gives
  // another: the year taken is the document's, and the cover is the odd one out
  const odd = years.find((y) => reading.year !== null && y.year !== reading.year && y.onCover && y.weight >= 2);
  if (!odd) return [];
  const kept = years.find((y) => y.year === reading.year);
  return [
    {
      code: 'Y04',
      message: `the title on p.${odd.line.page ?? '?'} gives the year ${odd.year} (weight ${odd.weight}), but the document's titles and text give ${reading.year}, which is taken`,
      lines: kept ? [odd.line, kept.line] : [odd.line],
    },
  ];
}

export function settleIdentity(reading: IdentityReading, file: SourceFile, known?: KnownIdentity): SettledIdentity {
  const settled = settleUnit(reading, file, known);
  const years = known?.year !== undefined ? [] : yearDisagreement(reading);
  return years.length ? { ...settled, notes: [...settled.notes, ...years] } : settled;
}

function settleUnit(reading: IdentityReading, file: SourceFile, known?: KnownIdentity): SettledIdentity {
  const candidates = reading.candidates;
  if (known?.unit) {
    const notes: IdentityNote[] = [];
    const names = [known.unit, ...known.altUnits].map(unitKey);
    if (reading.unit && reading.confidence >= WEAK_IDENTITY && !names.includes(unitKey(reading.unit))) {
      notes.push({ code: 'I03', message: `the identity table names the unit ${known.unit}, but the document's content names ${reading.unit} (confidence ${reading.confidence}); the table's is taken` });
    }
    if (known.year !== undefined && reading.year !== null && reading.year !== known.year) {
      notes.push({ code: 'I03', message: `the identity table gives the year ${known.year}, but the document's titles give ${reading.year}; the table's is taken` });
    }
    if (known.stage !== undefined && reading.stage !== null && reading.stage !== known.stage) {
      notes.push({ code: 'I03', message: `the identity table gives the stage ${known.stage}, but the document's titles give ${reading.stage}; the table's is taken` });
    }
    return {
      identity: { unit: known.unit, year: known.year ?? reading.year, stage: known.stage ?? reading.stage },
      info: { confidence: 1, from: 'table', candidates },
      notes,
    };
  }
  if (reading.unit) {
    const notes: IdentityNote[] = [];
    if (reading.confidence < WEAK_IDENTITY) {
      notes.push({ code: 'I01', message: `the unit ${reading.unit} was read with confidence ${reading.confidence} only; the names weighed: ${listed(reading)}` });
    }
    return { identity: { unit: reading.unit, year: reading.year, stage: reading.stage }, info: { confidence: reading.confidence, from: 'content', candidates }, notes };
  }
  const fromName = unitFromFileName(file.name);
  const notes: IdentityNote[] = fromName
    ? [{ code: 'I02', message: `no line of the document names its unit; ${fromName} was taken from the file name ${file.name}, which crawls often get wrong` }]
    : [];
  return { identity: { unit: fromName ?? null, year: reading.year, stage: reading.stage }, info: { confidence: fromName ? 0.2 : 0, from: 'file-name', candidates }, notes };
}
