"""Full-text search: a tsvector kept by a trigger on PostgreSQL, an FTS5 table on SQLite.

Triggers keep the index right for every write, bulk inserts included, so no
code path can forget it.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "ALTER TABLE proposals_proposal ADD COLUMN search_vector tsvector",
    """
    CREATE FUNCTION proposals_search_update() RETURNS trigger AS $$
    BEGIN
      -- Russian and English texts are stemmed; Kazakh (and other) words are kept as
      -- written and found by prefix. One pass per row keeps a million-row import fast.
      NEW.search_vector := to_tsvector(
        CASE NEW.language WHEN 'ru' THEN 'russian'::regconfig
                          WHEN 'en' THEN 'english'::regconfig
                          ELSE 'simple'::regconfig END,
        coalesce(NEW.title, '') || ' ' || coalesce(NEW.text, ''));
      RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER proposals_search_trigger
    BEFORE INSERT OR UPDATE OF title, text, language ON proposals_proposal
    FOR EACH ROW EXECUTE FUNCTION proposals_search_update()
    """,
    "CREATE INDEX proposal_search_gin ON proposals_proposal USING gin (search_vector)",
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS proposals_search_trigger ON proposals_proposal",
    "DROP FUNCTION IF EXISTS proposals_search_update()",
    "ALTER TABLE proposals_proposal DROP COLUMN IF EXISTS search_vector",
]

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE proposals_search USING fts5(
      title, text, content='proposals_proposal', content_rowid='id',
      tokenize='unicode61 remove_diacritics 2')
    """,
    """
    CREATE TRIGGER proposals_search_ai AFTER INSERT ON proposals_proposal BEGIN
      INSERT INTO proposals_search(rowid, title, text) VALUES (new.id, new.title, new.text);
    END
    """,
    """
    CREATE TRIGGER proposals_search_ad AFTER DELETE ON proposals_proposal BEGIN
      INSERT INTO proposals_search(proposals_search, rowid, title, text)
      VALUES ('delete', old.id, old.title, old.text);
    END
    """,
    """
    CREATE TRIGGER proposals_search_au AFTER UPDATE OF title, text ON proposals_proposal BEGIN
      INSERT INTO proposals_search(proposals_search, rowid, title, text)
      VALUES ('delete', old.id, old.title, old.text);
      INSERT INTO proposals_search(rowid, title, text) VALUES (new.id, new.title, new.text);
    END
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS proposals_search_ai",
    "DROP TRIGGER IF EXISTS proposals_search_ad",
    "DROP TRIGGER IF EXISTS proposals_search_au",
    "DROP TABLE IF EXISTS proposals_search",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("proposals", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]
