// The files of one run, from a drop (files and folders, read recursively), a file chooser with
// several files or a folder chooser: [{ name, file }] in the order a run checks them. A file keeps
// the name the user sees (its path inside a dropped or chosen folder); a folder's files come in
// name order; hidden files (".DS_Store") are left out.

/** Names sort as a file manager lists them: by code point, which is also how `ls` sorts in C. */
const byName = (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const hidden = (name) => name.split('/').some((part) => part.startsWith('.'));

/** The files a file input holds (`webkitdirectory` ones named by their path in the folder). */
export function filesFromInput(input) {
  const files = [...(input.files ?? [])].map((file) => ({ name: file.webkitRelativePath || file.name, file }));
  const folder = files.some((f) => f.file.webkitRelativePath);
  return folder ? files.filter((f) => !hidden(f.name)).sort(byName) : files;
}

/**
 * The files of a drop, folders read recursively. The entries are taken at once (a DataTransfer
 * empties when the drop handler returns); a browser without entries gives the plain file list.
 */
export async function filesFromDrop(transfer) {
  const entries = [...(transfer?.items ?? [])]
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry?.() ?? null);
  if (!entries.length || entries.some((e) => e === null)) {
    return [...(transfer?.files ?? [])].map((file) => ({ name: file.name, file }));
  }
  const out = [];
  for (const entry of entries) await collect(entry, out, entry.isDirectory);
  return out;
}

async function collect(entry, out, inFolder) {
  const name = entry.fullPath.replace(/^\//, '');
  if (inFolder && hidden(name)) return;
  if (entry.isFile) {
    out.push({ name, file: await new Promise((resolve, reject) => entry.file(resolve, reject)) });
    return;
  }
  const children = await readAll(entry.createReader());
  children.sort(byName);
  for (const child of children) await collect(child, out, true);
}

/** Every entry of a folder (a reader hands them out in batches until an empty one). */
async function readAll(reader) {
  const all = [];
  for (;;) {
    const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
    if (!batch.length) return all;
    all.push(...batch);
  }
}
