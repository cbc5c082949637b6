using System.Net;
using Microsoft.EntityFrameworkCore;

namespace ReshipDashboard.Tests.Features.Api;

public sealed class ShipmentEventsApiTests : ApiTestBase
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 20, 0, 0, TimeSpan.FromHours(8));

    [Theory]
    [InlineData(new[] { "in_transit" }, "in_transit")]
    [InlineData(new[] { "intercepted" }, "intercepted")]
    [InlineData(new[] { "returned" }, "returned")]
    [InlineData(new[] { "delivered" }, "delivered")]
    [InlineData(new[] { "in_transit", "intercepted" }, "intercepted")]
    [InlineData(new[] { "in_transit", "returned" }, "returned")]
    [InlineData(new[] { "in_transit", "delivered" }, "delivered")]
    [InlineData(new[] { "intercepted", "returned" }, "returned")]
    [InlineData(new[] { "intercepted", "delivered" }, "delivered")]
    public async Task AllowedEvents_MoveTheShipment(string[] events, string expected)
    {
        var (_, trackingNo) = await CreateShippedOrderAsync();
        var body = await ApplyInOrderAsync(trackingNo, events);
        Assert.Equal(expected, body["status"]!.GetValue<string>());
        Assert.True(body["shipmentId"]!.GetValue<int>() > 0);
    }

    [Theory]
    [InlineData(new[] { "intercepted" }, "in_transit")]
    [InlineData(new[] { "returned" }, "delivered")]
    [InlineData(new[] { "returned" }, "in_transit")]
    [InlineData(new[] { "delivered" }, "returned")]
    [InlineData(new[] { "delivered" }, "intercepted")]
    [InlineData(new[] { "in_transit" }, "collected")]
    public async Task RefusedEvents_Are409_AndChangeNothing(string[] before, string refused)
    {
        var (_, trackingNo) = await CreateShippedOrderAsync();
        var body = await ApplyInOrderAsync(trackingNo, before);
        var status = before.Length == 0 ? "collected" : body["status"]!.GetValue<string>();

        using var response = await CourierEventAsync(trackingNo, refused, T0.AddHours(10));
        var problem = await AssertProblemAsync(response, HttpStatusCode.Conflict);
        Assert.False(string.IsNullOrWhiteSpace(problem["detail"]!.GetValue<string>()));
        var order = await GetShipmentStatusAsync(trackingNo);
        Assert.Equal(status, order);
    }

    [Fact]
    public async Task Collected_OnACollectedParcel_IsARepeat_Is200Unchanged()
    {
        var (_, trackingNo) = await CreateShippedOrderAsync();

        using var response = await CourierEventAsync(trackingNo, "collected", T0.AddHours(1));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("collected", (await ReadAsync(response))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task RepeatedEvent_Is200Unchanged_AndRecordsNothingNew()
    {
        var (_, trackingNo) = await CreateShippedOrderAsync();
        await CourierEventOkAsync(trackingNo, "intercepted", T0);
        var historyBefore = await HistoryCountAsync();
        var feedBefore = await FeedCountAsync();

        var again = await CourierEventOkAsync(trackingNo, "intercepted", T0.AddMinutes(5));

        Assert.Equal("intercepted", again["status"]!.GetValue<string>());
        Assert.Equal(historyBefore, await HistoryCountAsync());
        Assert.Equal(feedBefore, await FeedCountAsync());
    }

    [Fact]
    public async Task OlderEvent_ArrivingLate_IsRecordedButLeavesStatus()
    {
        var (_, trackingNo) = await CreateShippedOrderAsync();
        await CourierEventOkAsync(trackingNo, "delivered", T0.AddHours(5));

        var late = await CourierEventOkAsync(trackingNo, "in_transit", T0.AddHours(1));

        Assert.Equal("delivered", late["status"]!.GetValue<string>());
        await using var db = await App.Db.CreateDbContextAsync();
        var stale = await db.ShipmentEvents.SingleAsync(e => !e.Applied);
        Assert.Equal(T0.AddHours(1).UtcDateTime, stale.AtUtc);
    }

    [Fact]
    public async Task UnknownCarrierAndNumber_Is404()
    {
        var (_, trackingNo) = await CreateShippedOrderAsync();
        using var unknownNumber = await CourierEventAsync(NextSfNumber(), "delivered");
        using var otherCarrier = await CourierEventAsync(trackingNo, "delivered", carrier: "ZTO");
        await AssertProblemAsync(unknownNumber, HttpStatusCode.NotFound);
        await AssertProblemAsync(otherCarrier, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("XX", "in_transit", null, "carrier")]
    [InlineData("SF", "lost", null, "event")]
    [InlineData("SF", "", null, "event")]
    [InlineData("SF", "in_transit", "2026-11-26 10:00", "at")]
    [InlineData("SF", "in_transit", "2027-01-01T00:00:00+08:00", "at")]
    public async Task BadValues_Are400_BeforeUnknownShipment(string carrier, string @event, string? at, string field)
    {
        using var response = await Client.PostAsync("/api/v1/shipments/events", System.Net.Http.Json.JsonContent.Create(
            new { carrier, trackingNo = NextSfNumber(), @event, at }));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Intercepted_MarksTheOrderAsReissueCandidate_AndPublishesTheChange()
    {
        var (orderNo, trackingNo) = await CreateShippedOrderAsync();
        await CourierEventOkAsync(trackingNo, "intercepted", T0);

        Assert.True((await GetOrderAsync(orderNo))["needsReissue"]!.GetValue<bool>());
        await using var db = await App.Db.CreateDbContextAsync();
        var change = await db.OutboxEvents.OrderBy(e => e.Id).LastAsync();
        Assert.Equal("shipment.status_changed", change.Type);
        Assert.Contains("\"intercepted\"", change.DataJson);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.EntityType == "shipment" && a.ToStatus == "intercepted"));
    }

    [Fact]
    public async Task DeliveredOriginal_MakesTheOrderDelivered()
    {
        var (orderNo, trackingNo) = await CreateShippedOrderAsync();
        await CourierEventOkAsync(trackingNo, "delivered", T0);
        Assert.Equal("delivered", (await GetOrderAsync(orderNo))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReplacedParcel_DeliveredAfterAll_FlagsItsReissue()
    {
        var (orderNo, trackingNo) = await CreateShippedOrderAsync();
        await CourierEventOkAsync(trackingNo, "intercepted", T0);
        var afterSale = await OpenAfterSaleAsync(orderNo);
        using (var withdrawn = await Client.PostAsync($"/api/v1/after-sales/{afterSale}/withdraw", null))
            Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);

        await CourierEventOkAsync(trackingNo, "delivered", T0.AddHours(2));

        var order = await GetOrderAsync(orderNo);
        var reissue = Assert.Single(order["reissues"]!.AsArray())!;
        Assert.True(reissue["replacedParcelDelivered"]!.GetValue<bool>());
        await using var db = await App.Db.CreateDbContextAsync();
        Assert.True(await db.OutboxEvents.AnyAsync(e => e.Type == "reissue.replaced_parcel_delivered"));
    }

    private async Task<System.Text.Json.Nodes.JsonObject> ApplyInOrderAsync(string trackingNo, string[] events)
    {
        System.Text.Json.Nodes.JsonObject body = [];
        for (var i = 0; i < events.Length; i++) body = await CourierEventOkAsync(trackingNo, events[i], T0.AddHours(i));
        return body;
    }

    private async Task<string> GetShipmentStatusAsync(string trackingNo)
    {
        await using var db = await App.Db.CreateDbContextAsync();
        var shipment = await db.Shipments.SingleAsync(s => s.TrackingNo == trackingNo);
        return global::ReshipDashboard.Domain.Common.ApiWords.Of(shipment.Status);
    }

    private async Task<int> HistoryCountAsync()
    {
        await using var db = await App.Db.CreateDbContextAsync();
        return await db.ShipmentEvents.CountAsync();
    }

    private async Task<int> FeedCountAsync()
    {
        await using var db = await App.Db.CreateDbContextAsync();
        return await db.OutboxEvents.CountAsync();
    }
}
