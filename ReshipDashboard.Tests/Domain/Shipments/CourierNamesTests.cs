using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Orders;
using ReshipDashboard.Domain.Shipments;

namespace ReshipDashboard.Tests.Domain.Shipments;

public sealed class CourierNamesTests
{
    [Theory]
    [InlineData("顺丰", "SF")]
    [InlineData("顺丰速运", "SF")]
    [InlineData("sf", "SF")]
    [InlineData("ＳＦ", "SF")]
    [InlineData("中通", "ZTO")]
    [InlineData("中通快递", "ZTO")]
    [InlineData("zto", "ZTO")]
    [InlineData("圆通", "YTO")]
    [InlineData("申通", "STO")]
    [InlineData("韵达", "YD")]
    [InlineData("京东", "JD")]
    [InlineData("邮政", "EMS")]
    [InlineData("中国邮政", "EMS")]
    [InlineData("ems", "EMS")]
    [InlineData("ＥＭＳ", "EMS")]
    [InlineData("极兔", "JTSD")]
    [InlineData("德邦", "DBL")]
    [InlineData(" 中 通 ", "ZTO")]
    public void Find_TakesCodesNamesAndShortNames_IgnoringCaseWidthAndSpaces(string written, string code) =>
        Assert.Equal(code, Courier.Find(written)?.Code);

    [Theory]
    [InlineData("中通速运", "ZTO")]
    [InlineData("顺风", "SF")]
    [InlineData("圆通快运", "YTO")]
    public void Require_AnUnknownName_IsRefusedNamingTheClosest(string written, string closest)
    {
        var e = Assert.Throws<DomainException>(() => CourierChoice.Require(written));

        Assert.Equal("carrier", e.Field);
        Assert.Equal("未知的快递公司：{0}，是不是{1}？", e.MessageKey);
        Assert.Equal(Courier.FromCode(closest).ChineseName, e.Arguments[1]);
    }

    [Fact]
    public void Resolve_BlankCourier_WhenExactlyOneFormatFits_TakesIt()
    {
        var courier = CourierChoice.Resolve("", "73123456789012", out var detected);

        Assert.Equal(Courier.ZTO, courier);
        Assert.True(detected);
    }

    [Fact]
    public void Resolve_BlankCourier_WhenSeveralFormatsFit_AsksWhichOne()
    {
        // 15 digits starting with 43 fit both 韵达 ([34] + 14 digits) and 申通 (43 + 12–15 digits).
        var e = Assert.Throws<DomainException>(() => CourierChoice.Resolve(null, "431234567890123", out _));

        Assert.Equal("单号符合多家快递公司的格式（{0}），请选择快递公司", e.MessageKey);
        Assert.Contains("申通快递", (string)e.Arguments[0]!);
        Assert.Contains("韵达快递", (string)e.Arguments[0]!);
    }

    [Fact]
    public void Resolve_ATooShortNumber_SaysItIsTooShort_NotChooseACourier()
    {
        var e = Assert.Throws<DomainException>(() => CourierChoice.Resolve(null, "12345", out _));

        Assert.Equal("trackingNo", e.Field);
        Assert.Equal("物流单号只有 {0} 位，太短了（至少 {1} 位），请检查是否扫全", e.MessageKey);
        Assert.Equal(5, e.Arguments[0]);
    }

    [Theory]
    [InlineData("SF1234–5678–90123", "SF1234567890123")]
    [InlineData("SF1234—5678—90123", "SF1234567890123")]
    [InlineData("７３１２３４５６７８９０１２", "73123456789012")]
    public void TrackingNumbers_DropEnAndEmDashes_AndFoldFullWidth(string raw, string expected) =>
        Assert.Equal(expected, TrackingNumber.Normalise(raw));

    [Fact]
    public void OnlyAsciiDigits_CountAsDigits()
    {
        // Arabic-Indic digits are digits to .NET's \d, not to a courier.
        Assert.Null(Courier.Find(null));
        Assert.Empty(Courier.Fitting("٧٣١٢٣٤٥٦٧٨٩٠١٢"));
        Assert.False(Courier.ZTO.Accepts("٧٣١٢٣٤٥٦٧٨٩٠١٢"));
        Assert.False(OrderNumber.IsValid(OrderNumber.Normalise("٢٦١١٢٦-512345678901234")));
    }

    [Theory]
    [InlineData("261126–512345678901234")]
    [InlineData("261126—512345678901234")]
    [InlineData("２６１１２６－５１２３４５６７８９０１２３４")]
    [InlineData(" 261126 − 512345678901234 ")]
    public void OrderNumbers_ReadEnDashesEmDashesAndFullWidth_AsTheSameNumber(string raw) =>
        Assert.Equal("261126-512345678901234", OrderNumber.Normalise(raw));
}
