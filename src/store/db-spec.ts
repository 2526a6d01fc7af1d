// What `--db` names: a postgres:// URL (PostgreSQL) or else an SQLite file; and the URL as it
// may be printed. No driver is loaded here, so the SQLite path never loads pg.

export function isPostgresUrl(db: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(db);
}

/** `--db` as given, else YUSUAN_DB, else ./yusuan.db. */
export function dbSpec(flag: string | undefined): string {
  return flag ?? process.env['YUSUAN_DB'] ?? 'yusuan.db';
}

/** The URL as it may be printed: any password replaced by ***. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}
