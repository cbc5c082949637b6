using ReshipDashboard.Features.Security;

namespace ReshipDashboard.Tests.Features.Security;

public sealed class DevelopmentExposureWarningTests
{
    [Theory]
    [InlineData("http://localhost:5080")]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://127.8.9.1:5080")]
    [InlineData("http://[::1]:5080")]
    [InlineData("https://localhost:7443")]
    public void LoopbackAddresses_AreNotExposed(string address) => Assert.True(DevelopmentExposureWarning.IsLoopback(address));

    [Theory]
    [InlineData("http://0.0.0.0:5080")]
    [InlineData("http://[::]:5080")]
    [InlineData("http://*:5080")]
    [InlineData("http://+:5080")]
    [InlineData("http://192.168.1.20:5080")]
    [InlineData("http://shop.example:80")]
    [InlineData("not an address")]
    public void AnyOtherAddress_IsExposed(string address) => Assert.False(DevelopmentExposureWarning.IsLoopback(address));
}
