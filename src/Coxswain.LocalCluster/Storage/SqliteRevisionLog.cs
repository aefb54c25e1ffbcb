using Microsoft.Data.Sqlite;

namespace Coxswain.LocalCluster.Storage;

/// <summary>
/// kine's SQLite schema: one table <c>kine</c> whose integer primary key is the global revision. The live value of a key
/// is its highest row; a delete appends a tombstone row. WAL with synchronous=FULL makes every committed batch durable,
/// and the store's group commit amortises the fsync over all writes that arrived together.
/// </summary>
public sealed class SqliteRevisionLog : IRevisionLog
{
    readonly SqliteConnection connection;

    public SqliteRevisionLog(string path)
    {
        connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        connection.Open();
        Execute("PRAGMA journal_mode=WAL;");
        Execute("PRAGMA synchronous=FULL;");
        Execute("""
            CREATE TABLE IF NOT EXISTS kine (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                created INTEGER NOT NULL,
                deleted INTEGER NOT NULL,
                create_revision INTEGER NOT NULL,
                prev_revision INTEGER NOT NULL,
                lease INTEGER NOT NULL DEFAULT 0,
                value BLOB,
                old_value BLOB);
            CREATE INDEX IF NOT EXISTS kine_name_index ON kine (name);
            CREATE INDEX IF NOT EXISTS kine_name_id_index ON kine (name, id);
            CREATE TABLE IF NOT EXISTS compaction (id INTEGER PRIMARY KEY CHECK (id = 1), revision INTEGER NOT NULL);
            """);
    }

    void Execute(string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    public RevisionLogState Load()
    {
        long current = 0, compacted = 0;
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT COALESCE(MAX(id), 0) FROM kine";
            current = (long)cmd.ExecuteScalar()!;
            cmd.CommandText = "SELECT COALESCE(MAX(revision), 0) FROM compaction";
            compacted = (long)cmd.ExecuteScalar()!;
        }
        // Compaction may drop the newest tombstone; the counter must never go backwards across a restart.
        current = Math.Max(current, compacted);

        var live = new List<RevisionRow>();
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = """
                SELECT k.id, k.name, k.created, k.deleted, k.create_revision, k.prev_revision, k.value
                FROM kine k JOIN (SELECT name, MAX(id) AS id FROM kine GROUP BY name) m ON k.id = m.id
                WHERE k.deleted = 0 ORDER BY k.name
                """;
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                live.Add(new RevisionRow(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2) != 0, false,
                    reader.GetInt64(4), reader.GetInt64(5), (byte[])reader.GetValue(6)));
            }
        }
        return new RevisionLogState(live, current, compacted);
    }

    public void Append(IReadOnlyList<RevisionRow> rows)
    {
        using var tx = connection.BeginTransaction();
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = """
            INSERT INTO kine (id, name, created, deleted, create_revision, prev_revision, value)
            VALUES ($id, $name, $created, $deleted, $create, $prev, $value)
            """;
        var id = cmd.Parameters.Add("$id", SqliteType.Integer);
        var name = cmd.Parameters.Add("$name", SqliteType.Text);
        var created = cmd.Parameters.Add("$created", SqliteType.Integer);
        var deleted = cmd.Parameters.Add("$deleted", SqliteType.Integer);
        var create = cmd.Parameters.Add("$create", SqliteType.Integer);
        var prev = cmd.Parameters.Add("$prev", SqliteType.Integer);
        var value = cmd.Parameters.Add("$value", SqliteType.Blob);
        cmd.Prepare();
        foreach (var row in rows)
        {
            id.Value = row.Revision;
            name.Value = row.Key;
            created.Value = row.Created ? 1 : 0;
            deleted.Value = row.Deleted ? 1 : 0;
            create.Value = row.CreateRevision;
            prev.Value = row.PreviousRevision;
            value.Value = row.Value;
            cmd.ExecuteNonQuery();
        }
        tx.Commit();
    }

    public void Compact(long revision)
    {
        using var tx = connection.BeginTransaction();
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        // Superseded rows, then tombstones that nothing newer needs: both below the compaction point.
        cmd.CommandText = """
            DELETE FROM kine WHERE id <= $rev AND id < (SELECT MAX(id) FROM kine k2 WHERE k2.name = kine.name);
            DELETE FROM kine WHERE id <= $rev AND deleted = 1;
            INSERT INTO compaction (id, revision) VALUES (1, $rev) ON CONFLICT(id) DO UPDATE SET revision = MAX(revision, $rev);
            """;
        cmd.Parameters.AddWithValue("$rev", revision);
        cmd.ExecuteNonQuery();
        tx.Commit();
    }

    public void Dispose() => connection.Dispose();
}
