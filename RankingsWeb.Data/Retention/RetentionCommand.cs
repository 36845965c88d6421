using System.Data.Common;

namespace RankingsWeb.Data.Retention;

/// <summary>One bounded retention statement on either database: the same SQL text with provider-neutral parameters.</summary>
internal static class RetentionCommand
{
    public static DbCommand Create(DbConnection conn, string sql, params (string Name, object Value)[] parameters)
    {
        var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            cmd.Parameters.Add(p);
        }
        return cmd;
    }
}
