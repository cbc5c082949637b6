using ReshipDashboard.Domain.Shipments;

namespace ReshipDashboard.Tests.Domain.Shipments;

public sealed class TrackingNumberTests
{
    [Theory]
    [InlineData("ｓｆ１２３４５６７８９０１２３", "SF1234567890123")]
    [InlineData("  sf 1234-5678 9012 3 ", "SF1234567890123")]
    [InlineData("７８１２３４５６７８９０１２", "78123456789012")]
    public void Normalise_FoldsFullWidthSpacesDashesAndCase(string raw, string expected) =>
        Assert.Equal(expected, TrackingNumber.Normalise(raw));

    [Theory]
    [InlineData("SF", "SF1234567890123")]
    [InlineData("ZTO", "73123456789012")]
    [InlineData("YTO", "YT1234567890123")]
    [InlineData("STO", "77123456789012")]
    [InlineData("STO", "43123456789012345")]
    [InlineData("YD", "312345678901234")]
    [InlineData("YD", "5123456789012")]
    [InlineData("JD", "JDVA12345678901")]
    [InlineData("EMS", "9123456789012")]
    [InlineData("EMS", "PA12345678901")]
    [InlineData("JTSD", "JT1234567890123")]
    [InlineData("DBL", "DPK123456789012")]
    [InlineData("OTHER", "ABC-123")]
    public void Check_AcceptsEachCouriersFormat(string code, string number) =>
        Assert.Null(TrackingNumber.Check(Courier.FromCode(code), number));

    [Fact]
    public void Check_WhenNumberFitsAnotherCourier_SuggestsIt()
    {
        var problem = TrackingNumber.Check(Courier.SF, "73123456789012");

        Assert.NotNull(problem);
        Assert.Equal(Courier.ZTO, problem.Suggestion);
        Assert.Contains("这看起来是{1}的单号", problem.MessageKey);
    }

    [Fact]
    public void Check_WhenNumberFitsNoCourier_GivesNoSuggestion()
    {
        var problem = TrackingNumber.Check(Courier.SF, "12");

        Assert.NotNull(problem);
        Assert.Null(problem.Suggestion);
    }

    [Fact]
    public void Check_Empty_AsksForANumber() =>
        Assert.Equal("请填写物流单号", TrackingNumber.Check(Courier.YTO, "")!.MessageKey);

    [Theory]
    [InlineData("sf", "SF")]
    [InlineData("中通快递", "ZTO")]
    [InlineData("中国邮政EMS", "EMS")]
    [InlineData(" JTSD ", "JTSD")]
    public void Find_TakesCodeOrChineseName(string input, string code) => Assert.Equal(code, Courier.Find(input)!.Code);

    [Fact]
    public void Find_Unknown_IsNull() => Assert.Null(Courier.Find("顺丰丰"));

    [Fact]
    public void Factory_MakesNumbersThatFitTheirCourier()
    {
        var random = new Random(7);
        foreach (var courier in Courier.All)
        {
            for (var i = 0; i < 50; i++)
            {
                var number = TrackingNumberFactory.Create(courier, random);
                Assert.True(courier.Accepts(number), $"{courier.Code} {number}");
            }
        }
    }
}
