"""Search of published proposals reads only the published (masked) words.

The case workers' index holds the texts as sent, personal data included; a
public search over it would answer "which proposal mentions this phone
number?" even though the page then shows it masked. This second index holds
the public title and text only, kept by triggers like the first.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "ALTER TABLE proposals_proposal ADD COLUMN public_search_vector tsvector",
    """
    CREATE FUNCTION proposals_public_search_update() RETURNS trigger AS $$
    BEGIN
      NEW.public_search_vector := to_tsvector(
        CASE NEW.language WHEN 'ru' THEN 'russian'::regconfig
                          WHEN 'en' THEN 'english'::regconfig
                          ELSE 'simple'::regconfig END,
        coalesce(NEW.public_title, '') || ' ' || coalesce(NEW.public_text, ''));
      RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER proposals_public_search_trigger
    BEFORE INSERT OR UPDATE OF public_title, public_text, language ON proposals_proposal
    FOR EACH ROW EXECUTE FUNCTION proposals_public_search_update()
    """,
    # Fill the column for rows stored before this migration (the trigger fires on the update).
    "UPDATE proposals_proposal SET public_text = public_text",
    "CREATE INDEX proposal_public_search_gin ON proposals_proposal USING gin (public_search_vector)",
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS proposals_public_search_trigger ON proposals_proposal",
    "DROP FUNCTION IF EXISTS proposals_public_search_update()",
    "ALTER TABLE proposals_proposal DROP COLUMN IF EXISTS public_search_vector",
]

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE proposals_public_search USING fts5(
      public_title, public_text, content='proposals_proposal', content_rowid='id',
      tokenize='unicode61 remove_diacritics 2')
    """,
    """
    CREATE TRIGGER proposals_public_search_ai AFTER INSERT ON proposals_proposal BEGIN
      INSERT INTO proposals_public_search(rowid, public_title, public_text)
      VALUES (new.id, new.public_title, new.public_text);
    END
    """,
    """
    CREATE TRIGGER proposals_public_search_ad AFTER DELETE ON proposals_proposal BEGIN
      INSERT INTO proposals_public_search(proposals_public_search, rowid, public_title, public_text)
      VALUES ('delete', old.id, old.public_title, old.public_text);
    END
    """,
    """
    CREATE TRIGGER proposals_public_search_au
    AFTER UPDATE OF public_title, public_text ON proposals_proposal BEGIN
      INSERT INTO proposals_public_search(proposals_public_search, rowid, public_title, public_text)
      VALUES ('delete', old.id, old.public_title, old.public_text);
      INSERT INTO proposals_public_search(rowid, public_title, public_text)
      VALUES (new.id, new.public_title, new.public_text);
    END
    """,
    "INSERT INTO proposals_public_search(proposals_public_search) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS proposals_public_search_ai",
    "DROP TRIGGER IF EXISTS proposals_public_search_ad",
    "DROP TRIGGER IF EXISTS proposals_public_search_au",
    "DROP TABLE IF EXISTS proposals_public_search",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("proposals", "0005_notification_sealed_secret")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]
