using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Orders;

namespace ReshipDashboard.Tests.Domain.Common;

public sealed class AddressTests
{
    [Theory]
    [InlineData("13812345678", "138****5678")]
    [InlineData("1381234", "138****1234")]
    [InlineData("12", "****")]
    [InlineData(null, "****")]
    public void Mask_ShowsFirstThreeAndLastFour(string? phone, string masked) => Assert.Equal(masked, PhoneMask.Mask(phone));

    [Fact]
    public void FindProblem_NamesTheFirstMissingPart()
    {
        var address = new Address("张伟", "13812345678", "广东省", "深圳市", "", "科技园路1号");
        Assert.Equal(("address.district", "请填写区县", (object?)null), address.FindProblem());
    }

    [Fact]
    public void FindProblem_RefusesAPhoneThatIsNotAMobileNumber()
    {
        var address = new Address("张伟", "0755-1234", "广东省", "深圳市", "南山区", "科技园路1号");
        Assert.Equal("address.phone", address.FindProblem()!.Value.Field);
    }

    [Theory]
    [InlineData("241126-512345678901234", true)]
    [InlineData("２４１１２６-５１２３４５６７８９０１２３４", true)]
    [InlineData("241126512345678901234", false)]
    [InlineData("241126-51234567890123", false)]
    public void OrderNumber_HasTheDateDashFifteenDigitsShape(string raw, bool valid) =>
        Assert.Equal(valid, OrderNumber.IsValid(OrderNumber.Normalise(raw)));

    [Fact]
    public void OrderNumber_Create_StartsWithTheShopDate()
    {
        var number = OrderNumber.Create(new DateOnly(2026, 11, 26), new Random(1));
        Assert.StartsWith("261126-", number);
        Assert.True(OrderNumber.IsValid(number));
    }
}
