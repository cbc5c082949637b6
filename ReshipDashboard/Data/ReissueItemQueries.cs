using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace ReshipDashboard.Data;

/// <summary>Searches inside a reissue's item list, which is stored as one JSON column.</summary>
public static class ReissueItemQueries
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <summary>The ids of the reissues that send a SKU (a composable subquery; the SKU as the column stores it).</summary>
    public static IQueryable<int> ReissueIdsWithSku(this ReshipDbContext db, string sku)
    {
        // The column holds [{"sku":"…","name":"…","quantity":n}]: the serialised pair names the SKU exactly.
        var needle = "\"sku\":" + JsonSerializer.Serialize(sku, Web) + ",";
        return db.Database.IsSqlite()
            ? db.Database.SqlQuery<int>($"SELECT \"Id\" AS \"Value\" FROM \"Reissues\" WHERE instr(\"Items\", {needle}) > 0")
            : db.Database.SqlQuery<int>($"SELECT \"Id\" AS \"Value\" FROM \"Reissues\" WHERE strpos(\"Items\", {needle}) > 0");
    }
}
