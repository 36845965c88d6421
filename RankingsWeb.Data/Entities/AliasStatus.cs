namespace RankingsWeb.Data.Entities;

public enum AliasStatus : byte { Pending = 0, Approved = 1, Rejected = 2 }
