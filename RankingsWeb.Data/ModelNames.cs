using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace RankingsWeb.Data;

/// <summary>
/// The snake_case convention names our tables and columns. Two kinds of name keep EF's defaults instead, as the
/// schema had them before the convention: ASP.NET Core Identity's and Data Protection's tables and columns
/// (<c>AspNetUsers.UserName</c>, which the framework's own documentation and tools expect), and key, foreign-key
/// and unnamed index names (<c>PK_apps</c>, <c>FK_AspNetUserRoles_AspNetRoles_RoleId</c>).
/// </summary>
internal static class ModelNames
{
    public static void KeepFrameworkAndConstraintNames(ModelBuilder modelBuilder)
    {
        var model = modelBuilder.Model;
        foreach (var entity in model.GetEntityTypes().Where(IsFramework))
        {
            // Identity names its tables itself; Data Protection's is named after the DbSet.
            if (entity.ClrType == typeof(DataProtectionKey)) entity.SetTableName(nameof(RankingsDbContext.DataProtectionKeys));
            foreach (var property in entity.GetProperties()) property.SetColumnName(property.Name);
        }
        foreach (var entity in model.GetEntityTypes())
        {
            var table = entity.GetTableName();
            if (table is null) continue;
            foreach (var key in entity.GetDeclaredKeys())
                if (((IConventionKey)key).GetNameConfigurationSource() is null or ConfigurationSource.Convention)
                    key.SetName((key.IsPrimaryKey() ? "PK_" : "AK_") + table + (key.IsPrimaryKey() ? "" : "_" + Columns(key.Properties)));
            foreach (var fk in entity.GetDeclaredForeignKeys())
                if (((IConventionForeignKey)fk).GetConstraintNameConfigurationSource() is null or ConfigurationSource.Convention)
                    fk.SetConstraintName($"FK_{table}_{fk.PrincipalEntityType.GetTableName()}_{Columns(fk.Properties)}");
            foreach (var index in entity.GetDeclaredIndexes())
                if (((IConventionIndex)index).GetDatabaseNameConfigurationSource() is null or ConfigurationSource.Convention)
                    index.SetDatabaseName($"IX_{table}_{Columns(index.Properties)}");
        }
    }

    private static bool IsFramework(IMutableEntityType entity) =>
        entity.ClrType.Namespace?.StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal) == true;

    private static string Columns(IEnumerable<IMutableProperty> properties) =>
        string.Join("_", properties.Select(p => p.GetColumnName()));
}
