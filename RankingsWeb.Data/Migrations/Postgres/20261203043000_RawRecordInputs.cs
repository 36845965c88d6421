using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RankingsWeb.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RawRecordInputs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Raw records keep their derivation inputs, so a re-fold derives their keys again with the rules of the
            // build running it (PostgresRefolder), as SQLite's record blocks do (format 3). What is kept follows
            // RecordDerivation's rule: each of model, provider, app_url and category is "rebuilt from the stored keys"
            // (the usual case: nothing stored), "absent", or the text as sent. inputs: NULL = not known (every row
            // stored before this migration: a re-fold keeps its keys), else a bit per field that was absent (1 model,
            // 2 provider, 4 app_url, 8 category) and a bit per field whose text is what follows the rebuild (16, 32,
            // 64, 128: "https://cline.bot/" keeps "/"); in_*: the text where the input is not rebuilt, else NULL.
            // The title is the row's app_title already (RawRecordInputs).
            //
            // Nullable columns without a default: a catalog change only, on the partitioned parent and every
            // partition it has (the legacy one and those made ahead); partitions made later copy the parent (LIKE).
            migrationBuilder.Sql("""
                ALTER TABLE raw_records
                    ADD COLUMN inputs smallint,
                    ADD COLUMN in_model text,
                    ADD COLUMN in_provider text,
                    ADD COLUMN in_app_url text,
                    ADD COLUMN in_category text;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE raw_records
                    DROP COLUMN inputs,
                    DROP COLUMN in_model,
                    DROP COLUMN in_provider,
                    DROP COLUMN in_app_url,
                    DROP COLUMN in_category;
                """);
        }
    }
}
