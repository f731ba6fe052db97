// The candidate's drafts, kept in this browser (localStorage) so a reload loses nothing.

const key = (kataId: string) => `katagrad:draft:${kataId}`;

export function loadDraft(kataId: string): string | null {
  try { return localStorage.getItem(key(kataId)); } catch { return null; }
}

export function saveDraft(kataId: string, code: string): void {
  try { localStorage.setItem(key(kataId), code); } catch { /* storage full or disabled */ }
}

export function clearDraft(kataId: string): void {
  try { localStorage.removeItem(key(kataId)); } catch { /* ignore */ }
}
