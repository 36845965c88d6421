using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RankingsWeb.Data.Entities;

namespace RankingsWeb.Data.Configurations;

internal sealed class UsageRecordConfiguration : IEntityTypeConfiguration<UsageRecord>
{
    public void Configure(EntityTypeBuilder<UsageRecord> b)
    {
        b.ToTable("usage_records");
        b.HasKey(x => x.Seq);
        b.Property(x => x.Seq).HasColumnName("seq").ValueGeneratedOnAdd();
        b.Property(x => x.Id).HasColumnName("id").HasMaxLength(128);
        b.HasIndex(x => x.Id).IsUnique().HasDatabaseName("ux_usage_records_id");
        b.Property(x => x.CreatedAt).HasColumnName("created_at");
        b.Property(x => x.Day).HasColumnName("day");
        // The derived keys' columns depend on the provider: RankingsDbContext.OnModelCreating.
        b.Property(x => x.TokensPrompt).HasColumnName("tokens_prompt");
        b.Property(x => x.TokensCompletion).HasColumnName("tokens_completion");
        b.Property(x => x.TokensReasoning).HasColumnName("tokens_reasoning");
        b.Property(x => x.TokensCached).HasColumnName("tokens_cached");
        b.Property(x => x.CostNanos).HasColumnName("cost_nanos");
        b.Property(x => x.BatchId).HasColumnName("batch_id");
    }
}

internal sealed class IngestBatchConfiguration : IEntityTypeConfiguration<IngestBatch>
{
    public void Configure(EntityTypeBuilder<IngestBatch> b)
    {
        b.ToTable("ingest_batches");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id");
        b.Property(x => x.ReceivedAt).HasColumnName("received_at");
        b.Property(x => x.Source).HasColumnName("source").HasMaxLength(200);
        b.Property(x => x.Accepted).HasColumnName("accepted");
        b.Property(x => x.Duplicates).HasColumnName("duplicates");
        b.Property(x => x.Rejected).HasColumnName("rejected");
        b.HasIndex(x => x.ReceivedAt).HasDatabaseName("ix_ingest_batches_received_at");
    }
}

internal sealed class RejectedLineConfiguration : IEntityTypeConfiguration<RejectedLine>
{
    public void Configure(EntityTypeBuilder<RejectedLine> b)
    {
        b.ToTable("rejected_lines");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id");
        b.Property(x => x.BatchId).HasColumnName("batch_id");
        b.Property(x => x.Line).HasColumnName("line");
        b.Property(x => x.RecordId).HasColumnName("record_id");
        b.Property(x => x.Error).HasColumnName("error");
        b.Property(x => x.Reason).HasColumnName("reason").HasDefaultValue("");
        b.HasIndex(x => new { x.Reason, x.ReceivedAt }).HasDatabaseName("ix_rejected_lines_reason");
        b.Property(x => x.Raw).HasColumnName("raw");
        b.Property(x => x.ReceivedAt).HasColumnName("received_at");
        b.HasIndex(x => x.BatchId).HasDatabaseName("ix_rejected_lines_batch_id");
        b.HasIndex(x => x.ReceivedAt).HasDatabaseName("ix_rejected_lines_received_at");
    }
}

internal sealed class RejectionCountConfiguration : IEntityTypeConfiguration<RejectionCount>
{
    public void Configure(EntityTypeBuilder<RejectionCount> b)
    {
        b.ToTable("rejection_counts");
        b.HasKey(x => new { x.BatchId, x.Reason });
        b.Property(x => x.BatchId).HasColumnName("batch_id");
        b.Property(x => x.Reason).HasColumnName("reason");
        b.Property(x => x.ReceivedAt).HasColumnName("received_at");
        b.Property(x => x.Count).HasColumnName("count");
        b.HasIndex(x => x.ReceivedAt).HasDatabaseName("ix_rejection_counts_received_at");
    }
}

internal sealed class RollupConfiguration : IEntityTypeConfiguration<Rollup>
{
    public void Configure(EntityTypeBuilder<Rollup> b)
    {
        b.ToTable("rollups");
        // Day first: every read is a day range, so the primary key is also the scan index.
        b.HasKey(x => new { x.Day, x.ModelKey, x.Variant, x.AppKey, x.Category, x.Provider });
        b.Property(x => x.Day).HasColumnName("day");
        b.Property(x => x.ModelKey).HasColumnName("model_key");
        b.Property(x => x.Variant).HasColumnName("variant");
        b.Property(x => x.AppKey).HasColumnName("app_key");
        b.Property(x => x.Category).HasColumnName("category");
        b.Property(x => x.Provider).HasColumnName("provider");
        b.Property(x => x.Author).HasColumnName("author");
        b.Property(x => x.TokensPrompt).HasColumnName("tokens_prompt");
        b.Property(x => x.TokensCompletion).HasColumnName("tokens_completion");
        b.Property(x => x.TokensReasoning).HasColumnName("tokens_reasoning");
        b.Property(x => x.TokensCached).HasColumnName("tokens_cached");
        b.Property(x => x.Requests).HasColumnName("requests");
        b.Property(x => x.CostNanos).HasColumnName("cost_nanos");
    }
}

internal sealed class DimensionRollupConfiguration : IEntityTypeConfiguration<DimensionRollup>
{
    public void Configure(EntityTypeBuilder<DimensionRollup> b)
    {
        b.ToTable("dimension_rollups");
        b.HasKey(x => new { x.Dimension, x.Day, x.Key });
        b.Property(x => x.Dimension).HasColumnName("dimension");
        b.Property(x => x.Day).HasColumnName("day");
        b.Property(x => x.Key).HasColumnName("key");
        b.Property(x => x.TokensPrompt).HasColumnName("tokens_prompt");
        b.Property(x => x.TokensCompletion).HasColumnName("tokens_completion");
        b.Property(x => x.TokensReasoning).HasColumnName("tokens_reasoning");
        b.Property(x => x.TokensCached).HasColumnName("tokens_cached");
        b.Property(x => x.Requests).HasColumnName("requests");
        b.Property(x => x.CostNanos).HasColumnName("cost_nanos");
    }
}

internal sealed class AppEntryConfiguration : IEntityTypeConfiguration<AppEntry>
{
    public void Configure(EntityTypeBuilder<AppEntry> b)
    {
        b.ToTable("apps");
        b.HasKey(x => x.Key);
        b.Property(x => x.Key).HasColumnName("key");
        b.Property(x => x.DisplayName).HasColumnName("display_name");
        b.Property(x => x.TitleAt).HasColumnName("title_at");
        b.Property(x => x.FirstSeen).HasColumnName("first_seen");
        b.Property(x => x.LastSeen).HasColumnName("last_seen");
        b.Property(x => x.Listed).HasColumnName("listed");
        b.Property(x => x.ListedChangedAt).HasColumnName("listed_changed_at");
        b.HasIndex(x => x.Listed).HasDatabaseName("ix_apps_listed");
    }
}

internal sealed class AggregationStateConfiguration : IEntityTypeConfiguration<AggregationState>
{
    public void Configure(EntityTypeBuilder<AggregationState> b)
    {
        b.ToTable("aggregation_state");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
        b.Property(x => x.HighWaterSeq).HasColumnName("high_water_seq");
        b.Property(x => x.FoldedRecords).HasColumnName("folded_records");
        b.Property(x => x.LastAggregatedAt).HasColumnName("last_aggregated_at");
        b.Property(x => x.LastRunMs).HasColumnName("last_run_ms");
        b.HasData(new AggregationState { Id = 1 });
    }
}

internal sealed class SavedViewConfiguration : IEntityTypeConfiguration<SavedView>
{
    public void Configure(EntityTypeBuilder<SavedView> b)
    {
        b.ToTable("saved_views");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id");
        b.Property(x => x.OwnerId).HasColumnName("owner_id");
        b.Property(x => x.OwnerName).HasColumnName("owner_name");
        b.Property(x => x.Name).HasColumnName("name").HasMaxLength(200);
        b.Property(x => x.Url).HasColumnName("url").HasMaxLength(4000);
        b.Property(x => x.CreatedAt).HasColumnName("created_at");
        b.HasIndex(x => x.Name).HasDatabaseName("ix_saved_views_name");
    }
}

internal sealed class AppOwnerConfiguration : IEntityTypeConfiguration<AppOwner>
{
    public void Configure(EntityTypeBuilder<AppOwner> b)
    {
        b.ToTable("app_owners");
        b.HasKey(x => new { x.AppKey, x.UserId });
        b.Property(x => x.AppKey).HasColumnName("app_key");
        b.Property(x => x.UserId).HasColumnName("user_id");
        b.Property(x => x.UserName).HasColumnName("user_name");
        b.Property(x => x.AssignedAt).HasColumnName("assigned_at");
        b.HasIndex(x => x.UserId).HasDatabaseName("ix_app_owners_user");
    }
}

internal sealed class AppAliasConfiguration : IEntityTypeConfiguration<AppAlias>
{
    public void Configure(EntityTypeBuilder<AppAlias> b)
    {
        b.ToTable("app_aliases");
        b.HasKey(x => x.AliasKey);
        b.Property(x => x.AliasKey).HasColumnName("alias_key");
        b.Property(x => x.AppKey).HasColumnName("app_key");
        b.Property(x => x.Status).HasColumnName("status");
        b.Property(x => x.RequestedBy).HasColumnName("requested_by");
        b.Property(x => x.RequestedAt).HasColumnName("requested_at");
        b.Property(x => x.DecidedBy).HasColumnName("decided_by");
        b.Property(x => x.DecidedAt).HasColumnName("decided_at");
        b.HasIndex(x => new { x.AppKey, x.Status }).HasDatabaseName("ix_app_aliases_app");
    }
}

internal sealed class ListingVersionConfiguration : IEntityTypeConfiguration<ListingVersion>
{
    public void Configure(EntityTypeBuilder<ListingVersion> b)
    {
        b.ToTable("listing_version");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
        b.Property(x => x.Version).HasColumnName("version");
        b.HasData(new ListingVersion { Id = 1 });
    }
}

internal sealed class ListingAuditConfiguration : IEntityTypeConfiguration<ListingAudit>
{
    public void Configure(EntityTypeBuilder<ListingAudit> b)
    {
        b.ToTable("listing_audit");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id");
        b.Property(x => x.AppKey).HasColumnName("app_key");
        b.Property(x => x.Listed).HasColumnName("listed");
        b.Property(x => x.ChangedBy).HasColumnName("changed_by");
        b.Property(x => x.Via).HasColumnName("via");
        b.Property(x => x.ChangedAt).HasColumnName("changed_at");
        b.HasIndex(x => new { x.AppKey, x.ChangedAt }).HasDatabaseName("ix_listing_audit_app");
    }
}

internal sealed class AppAttributionConfiguration : IEntityTypeConfiguration<AppAttribution>
{
    public void Configure(EntityTypeBuilder<AppAttribution> b)
    {
        b.ToTable("app_attribution");
        b.HasKey(x => new { x.AppKey, x.Day, x.Source, x.Title });
        b.Property(x => x.Day).HasColumnName("day");
        b.Property(x => x.AppKey).HasColumnName("app_key");
        b.Property(x => x.Source).HasColumnName("app_source");
        b.Property(x => x.Title).HasColumnName("title");
        b.Property(x => x.Requests).HasColumnName("requests");
        b.Property(x => x.Tokens).HasColumnName("tokens");
    }
}
