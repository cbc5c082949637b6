using ReshipDashboard.Domain.Common;

namespace ReshipDashboard.Domain.Orders;

public sealed class Buyer
{
    private Buyer() { }

    public Buyer(string name, string phone)
    {
        Name = name;
        Phone = phone;
        PhoneLast4 = phone.Length >= 4 ? phone[^4..] : phone;
    }

    public int Id { get; private set; }
    public string Name { get; private set; } = "";
    public string Phone { get; private set; } = "";

    /// <summary>Stored apart so that "search by the last 4 digits" can use an index.</summary>
    public string PhoneLast4 { get; private set; } = "";

    public string MaskedPhone => PhoneMask.Mask(Phone);
}
