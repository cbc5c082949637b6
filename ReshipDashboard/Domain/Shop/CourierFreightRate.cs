using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Shipments;

namespace ReshipDashboard.Domain.Shop;

/// <summary>
/// What one parcel with a courier costs the shop (运费, in fen). The owner keeps it current; the reissue cost
/// report charges it once per reissue. A courier without a stored rate costs <see cref="DefaultFen"/>.
/// </summary>
public sealed class CourierFreightRate : IVersioned
{
    public const long DefaultFen = 800;
    public const long MaxFen = 100_000;

    private CourierFreightRate() { }

    public CourierFreightRate(string carrier, long freightFen, DateTime nowUtc)
    {
        Carrier = Courier.Find(carrier)?.Code ?? throw DomainException.Invalid("carrier", "未知的快递公司：{0}", carrier);
        Change(freightFen, nowUtc);
    }

    public int Id { get; private set; }
    public string Carrier { get; private set; } = "";
    public long FreightFen { get; private set; }
    public DateTime UpdatedAtUtc { get; private set; }
    public Guid Version { get; set; }

    public void Change(long freightFen, DateTime nowUtc)
    {
        if (freightFen is < 0 or > MaxFen)
            throw DomainException.Invalid("freight", "运费须为 0–{0} 元", MaxFen / 100);
        FreightFen = freightFen;
        UpdatedAtUtc = nowUtc;
    }
}
