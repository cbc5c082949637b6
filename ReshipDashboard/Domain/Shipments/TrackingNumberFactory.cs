using System.Text;

namespace ReshipDashboard.Domain.Shipments;

/// <summary>Makes tracking numbers in each courier's format: for the simulated e-waybill service and the demo shop.</summary>
public static class TrackingNumberFactory
{
    public static string Create(Courier courier, Random random) => courier.Code switch
    {
        "SF" => "SF1" + Digits(random, 12),
        "ZTO" => "7" + "34568"[random.Next(5)] + Digits(random, 12),
        "YTO" => "YT" + Digits(random, 13),
        "STO" => (random.Next(2) == 0 ? "77" : "43") + Digits(random, 13),
        "YD" => "4" + Digits(random, 14),
        "JD" => "JDV" + (char)('A' + random.Next(26)) + Digits(random, 11),
        "EMS" => "9" + Digits(random, 12),
        "JTSD" => "JT" + Digits(random, 13),
        "DBL" => "DPK" + Digits(random, 12),
        _ => "OT" + Digits(random, 12),
    };

    private static string Digits(Random random, int count)
    {
        var sb = new StringBuilder(count);
        for (var i = 0; i < count; i++) sb.Append((char)('0' + random.Next(10)));
        return sb.ToString();
    }
}
