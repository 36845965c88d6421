using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace RankingsWeb.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PartitionedRawRecords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Raw records and their ids move into tables range-partitioned by ARRIVAL day (the day the ingesting
            // node's clock said, UTC days since 1970-01-01), so retention drops whole partitions and a late record lands
            // in today's. The fold queue goes: each ingest transaction stamps its rows and its batch with its own
            // transaction id (xid), and the fold keeps a watermark (aggregation_state.fold_xid): every row with
            // xid < fold_xid is in the rollups. These tables and columns are outside the EF model (hand-written SQL,
            // like the Initial's); the app creates the daily partitions (PostgresPartitions).
            //
            // Upgrading a live database: the existing rows go into one legacy partition covering their arrival days
            // (their batch's received_at), their ids into record_ids. Fold state is kept exactly: rows the old fold
            // had folded get xid 0, rows still in fold_queue xid 1, and the watermark starts at 1, so the next fold
            // takes exactly the queued ones. Both ranges are below any real transaction id (those start at 3).
            migrationBuilder.Sql("""
                ALTER TABLE aggregation_state ADD COLUMN fold_xid bigint NOT NULL DEFAULT 0;
                ALTER TABLE ingest_batches ADD COLUMN xid bigint NOT NULL DEFAULT 0;
                CREATE INDEX ix_ingest_batches_xid ON ingest_batches (xid) INCLUDE (accepted, received_at);

                CREATE TABLE ingest_epoch (id integer PRIMARY KEY CHECK (id = 1), arrival_day integer NOT NULL);

                CREATE TABLE raw_records (
                    xid bigint NOT NULL,
                    arrival_day integer NOT NULL,
                    id character varying(128) NOT NULL,
                    created_at bigint NOT NULL,
                    day integer NOT NULL,
                    model_key text NOT NULL,
                    variant text NOT NULL,
                    author text NOT NULL,
                    app_key text,
                    app_title text,
                    app_source smallint NOT NULL,
                    category text NOT NULL,
                    provider text,
                    tokens_prompt bigint NOT NULL,
                    tokens_completion bigint NOT NULL,
                    tokens_reasoning bigint NOT NULL,
                    tokens_cached bigint NOT NULL,
                    cost_nanos bigint NOT NULL,
                    requests bigint NOT NULL,
                    tool_calls bigint NOT NULL,
                    batch_id bigint NOT NULL
                ) PARTITION BY RANGE (arrival_day);
                CREATE INDEX ix_raw_records_xid ON raw_records (xid);

                CREATE TABLE record_ids (
                    id character varying(128) NOT NULL,
                    arrival_day integer NOT NULL,
                    PRIMARY KEY (id, arrival_day)
                ) PARTITION BY RANGE (arrival_day);

                CREATE TEMP TABLE legacy_records ON COMMIT DROP AS
                SELECT COALESCE((b.received_at / 86400000)::integer, r.day) AS arrival_day, r.*, (q.seq IS NOT NULL) AS queued
                FROM usage_records r
                LEFT JOIN ingest_batches b ON b.id = r.batch_id
                LEFT JOIN fold_queue q ON q.seq = r.seq;

                DO $$
                DECLARE lo integer; hi integer;
                BEGIN
                    SELECT MIN(arrival_day), MAX(arrival_day) INTO lo, hi FROM legacy_records;
                    IF lo IS NOT NULL THEN
                        EXECUTE format('CREATE TABLE raw_records_legacy PARTITION OF raw_records FOR VALUES FROM (%s) TO (%s)', lo, hi + 1);
                        EXECUTE format('CREATE TABLE record_ids_legacy PARTITION OF record_ids FOR VALUES FROM (%s) TO (%s)', lo, hi + 1);
                    END IF;
                    INSERT INTO ingest_epoch (id, arrival_day) VALUES (1, COALESCE(hi, 0));
                END $$;

                INSERT INTO raw_records (xid, arrival_day, id, created_at, day, model_key, variant, author, app_key, app_title, app_source,
                    category, provider, tokens_prompt, tokens_completion, tokens_reasoning, tokens_cached, cost_nanos, requests, tool_calls, batch_id)
                SELECT CASE WHEN queued THEN 1 ELSE 0 END, arrival_day, id, created_at, day, model_key, variant, author, app_key, app_title, app_source,
                    category, provider, tokens_prompt, tokens_completion, tokens_reasoning, tokens_cached, cost_nanos, requests, tool_calls, batch_id
                FROM legacy_records ORDER BY seq;
                INSERT INTO record_ids (id, arrival_day) SELECT id, arrival_day FROM legacy_records;

                -- The pending count reads batches above the watermark: the batches with queued records are pending.
                UPDATE ingest_batches b SET xid = 1 WHERE b.id IN (SELECT batch_id FROM legacy_records WHERE queued);
                UPDATE aggregation_state SET fold_xid = 1 WHERE id = 1;

                DROP TABLE fold_queue;
                DROP TABLE usage_records;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Back to the empty queue-based tables: raw records kept since the upgrade are not carried back.
            migrationBuilder.Sql("""
                DROP TABLE raw_records;
                DROP TABLE record_ids;
                DROP TABLE ingest_epoch;
                DROP INDEX ix_ingest_batches_xid;
                ALTER TABLE ingest_batches DROP COLUMN xid;
                ALTER TABLE aggregation_state DROP COLUMN fold_xid;
                """);

            migrationBuilder.CreateTable(
                name: "fold_queue",
                columns: table => new
                {
                    seq = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_fold_queue", x => x.seq);
                });

            migrationBuilder.CreateTable(
                name: "usage_records",
                columns: table => new
                {
                    seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    app_key = table.Column<string>(type: "text", nullable: true),
                    app_source = table.Column<byte>(type: "smallint", nullable: false),
                    app_title = table.Column<string>(type: "text", nullable: true),
                    author = table.Column<string>(type: "text", nullable: false),
                    batch_id = table.Column<long>(type: "bigint", nullable: false),
                    category = table.Column<string>(type: "text", nullable: false),
                    cost_nanos = table.Column<long>(type: "bigint", nullable: false),
                    created_at = table.Column<long>(type: "bigint", nullable: false),
                    day = table.Column<int>(type: "integer", nullable: false),
                    id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    model_key = table.Column<string>(type: "text", nullable: false),
                    provider = table.Column<string>(type: "text", nullable: true),
                    requests = table.Column<long>(type: "bigint", nullable: false),
                    tokens_cached = table.Column<long>(type: "bigint", nullable: false),
                    tokens_completion = table.Column<long>(type: "bigint", nullable: false),
                    tokens_prompt = table.Column<long>(type: "bigint", nullable: false),
                    tokens_reasoning = table.Column<long>(type: "bigint", nullable: false),
                    tool_calls = table.Column<long>(type: "bigint", nullable: false),
                    variant = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_usage_records", x => x.seq);
                });

            migrationBuilder.CreateIndex(
                name: "ux_usage_records_id",
                table: "usage_records",
                column: "id",
                unique: true);
        }
    }
}
