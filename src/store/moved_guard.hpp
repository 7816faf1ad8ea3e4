#pragma once

namespace smp::store {

// Makes SQLite refuse to lock a records file whose path now names another file (`smp restore`
// renamed a new one in), so no smp keeps reading or writing the replaced file. SQLite names a
// rollback journal after the path, not the file: a connection left on the old file would take
// the journal of a write to the new one for a crashed write of its own, play it back into the
// old file and delete it, leaving that write without its journal. Installed once, as SQLite's
// default file system layer, before the first records file is opened.
void install_moved_file_guard();

} // namespace smp::store
