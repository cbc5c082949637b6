using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ReshipDashboard.Data;
using ReshipDashboard.Domain.AfterSales;
using ReshipDashboard.Domain.Audit;
using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.ReshipRequests;
using ReshipDashboard.Domain.Shop;
using ReshipDashboard.Tests.TestSupport;

namespace ReshipDashboard.Tests.Data.Migrations;

/// <summary>A shop that answered requests before answers named who gave them learns it from the audit trail on upgrade.</summary>
public sealed class ReshipRequestAnsweredByMigrationTests
{
    private static readonly DateTime Now = new(2026, 11, 26, 2, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Upgrading_NamesWhoAnsweredEachRequest_FromItsFirstAnswerByAPersonOrKey()
    {
        await using var database = await TestDatabase.CreateSqliteAsync();
        int byPerson, byKey, bySystem, unanswered;
        await using (var db = database.CreateDbContext())
        {
            var order = TestData.ShippedOrder(Now);
            db.Orders.Add(order);
            var requests = Enumerable.Range(0, 4).Select(i =>
            {
                var request = new ReshipRequest(order, order.OpenAfterSale(AfterSaleType.Reship, "破损", null, Now),
                    new ReshipContent(ReshipReason.Damaged, null, order.Address, [new LineItem(TestData.Sku, "西湖龙井 250g", 1)]),
                    Now, new ShopSettings());
                db.ReshipRequests.Add(request);
                return request;
            }).ToList();
            requests[0].Approve(Now.AddHours(1), Actor.System, "BF261126000001", new ShopSettings());
            requests[1].Reject(RejectionReason.NoQualityIssue, "出库视频显示完好", Now.AddHours(1), Actor.System);
            requests[2].Approve(requests[2].DueAtUtc, Actor.System, "BF261126000002", new ShopSettings());
            await db.SaveChangesAsync();
            (byPerson, byKey, bySystem, unanswered) = (requests[0].Id, requests[1].Id, requests[2].Id, requests[3].Id);

            db.Audit(Actor.Person("support"), Now, AuditSubjects.ReshipRequest, byPerson, order.Id, "modified");
            db.Audit(Actor.Person("support"), Now.AddHours(1), AuditSubjects.ReshipRequest, byPerson, order.Id, "approved");
            db.Audit(Actor.System, Now.AddHours(1), AuditSubjects.ReshipRequest, byKey, order.Id, "rejected");
            db.Audit(Actor.ApiKey("erp"), Now.AddHours(1), AuditSubjects.ReshipRequest, byKey, order.Id, "rejected");
            db.Audit(Actor.Person("admin"), Now.AddHours(2), AuditSubjects.ReshipRequest, byKey, order.Id, "rejected");
            db.Audit(Actor.System, requests[2].DueAtUtc, AuditSubjects.ReshipRequest, bySystem, order.Id, "approved");
            await db.SaveChangesAsync();
        }

        await using (var db = database.CreateDbContext())
        {
            var migrator = db.GetService<IMigrator>();
            var migrations = db.Database.GetMigrations().ToList();
            var index = migrations.FindIndex(m => m.EndsWith("_ReshipRequestAnsweredBy", StringComparison.Ordinal));
            await migrator.MigrateAsync(migrations[index - 1]);
            await migrator.MigrateAsync();
        }

        await using (var db = database.CreateDbContext())
        {
            var answeredBy = await db.ReshipRequests.AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.AnsweredBy);
            Assert.Equal("support", answeredBy[byPerson]);
            Assert.Equal("API:erp", answeredBy[byKey]);
            Assert.Null(answeredBy[bySystem]);
            Assert.Null(answeredBy[unanswered]);
        }
    }
}
