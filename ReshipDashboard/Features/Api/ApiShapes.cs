using ReshipDashboard.Domain.Common;
using ReshipDashboard.Domain.Orders;

namespace ReshipDashboard.Features.Api;

// The API's one vocabulary: a body received is an `XxxRequest`, what is sent is an `XxxResource` (lists: `Page<XxxResource>`).
// The shapes below are shared by several resources; each resource's own shapes sit in its file beside its endpoints.

/// <summary>A postal address as received (orders, reissues, reship requests); its rules are the domain's.</summary>
public sealed record AddressRequest(string? Name, string? Phone, string? Province, string? City, string? District, string? Detail)
{
    public Address ToAddress() =>
        new(Name?.Trim() ?? "", Phone?.Trim() ?? "", Province?.Trim() ?? "", City?.Trim() ?? "", District?.Trim() ?? "", Detail?.Trim() ?? "");
}

/// <summary>A line of what to send again (reissues, reship requests): the SKU and how many.</summary>
public sealed record ItemQuantityRequest(string? Sku, int Quantity)
{
    /// <summary>The lines as the services take them; null when none were named (the whole order).</summary>
    public static List<ItemQuantity>? ToItems(List<ItemQuantityRequest?>? items)
    {
        if (items is { Count: > OrderItem.MaxLines }) throw DomainException.Invalid("items", "最多 {0} 行商品", OrderItem.MaxLines);
        if (items?.FindIndex(i => i is null) is >= 0 and var blank) throw DomainException.Invalid($"items[{blank}]", "请填写商品行");
        return items?.Select(i => new ItemQuantity(i!.Sku ?? "", i.Quantity)).ToList();
    }
}

public sealed record AddressResource(string Name, string Phone, string Province, string City, string District, string Detail)
{
    /// <summary>The address; its phone in full only for a caller that ships (<paramref name="fullPhone"/>), masked otherwise.</summary>
    public static AddressResource From(Address a, bool fullPhone = true) =>
        new(a.Name, fullPhone ? a.Phone : a.MaskedPhone, a.Province, a.City, a.District, a.Detail);
}

/// <summary>A line of what to pack: the SKU, its name and how many.</summary>
public sealed record ItemResource(string Sku, string Name, int Quantity)
{
    public static List<ItemResource> From(IEnumerable<LineItem> items) => items.Select(i => new ItemResource(i.Sku, i.Name, i.Quantity)).ToList();
}
