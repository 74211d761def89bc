// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace hookscope {

class SqlConnection;

// The capture database's schema, built by numbered steps. A database at any earlier version is brought
// forward one step at a time, each step in its own transaction; a database from a newer Hookscope, or one
// that is not ours, is refused untouched.
class Schema final {
public:
    static constexpr int kLatestVersion = 8;
    // PRAGMA application_id: marks the file as a Hookscope capture database ("HkSc").
    static constexpr int kApplicationId = 0x486b5363;

    // Checks the file is ours and not from the future, then migrates up to `targetVersion`.
    static bool migrate(const SqlConnection& db, QString* error, int targetVersion = kLatestVersion);
    // Reads the version without changing anything; -1 and `error` when the file is not usable.
    static int inspect(const SqlConnection& db, QString* error);

private:
    static bool applyStep(const SqlConnection& db, int toVersion, QString* error);
};

} // namespace hookscope
