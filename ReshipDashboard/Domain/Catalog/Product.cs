using ReshipDashboard.Domain.Common;

namespace ReshipDashboard.Domain.Catalog;

/// <summary>A sellable SKU with its current name and unit price in fen.</summary>
public sealed class Product : RaisesEvents
{
    /// <summary>¥1,000,000.00 in fen: far above any shop's price, far below where order totals could overflow.</summary>
    public const long MaxUnitPrice = 100_000_000;

    public const int MaxSkuLength = 64;
    public const int MaxNameLength = 200;
    public const string SkuLengthMessage = "SKU 须为 1–{0} 个字符";
    public const string NameLengthMessage = "商品名称须为 1–{0} 个字";
    public const string SkuRequiredMessage = "请填写商品 SKU";
    public const string UnknownSkuMessage = "未知的商品 SKU：{0}";

    private Product() { }

    /// <summary>A new product; recorded as created <paramref name="by"/>, when given.</summary>
    public Product(string sku, string name, long unitPrice, DateTime nowUtc, Actor? by = null)
    {
        Sku = NormaliseSku(sku);
        if (Sku.Length is 0 or > MaxSkuLength) throw DomainException.Invalid("sku", SkuLengthMessage, MaxSkuLength);
        Set(name, unitPrice, nowUtc);
        Raise(by is null ? null : new ProductChanged(by, nowUtc, this, "created", UnitPrice));
    }

    public int Id { get; private set; }
    public string Sku { get; private set; } = "";
    public string Name { get; private set; } = "";
    public long UnitPrice { get; private set; }
    public DateTime UpdatedAtUtc { get; private set; }

    /// <summary>Renames or reprices it; recorded as done <paramref name="by"/>, when given.</summary>
    public void Update(string name, long unitPrice, DateTime nowUtc, Actor? by = null)
    {
        Set(name, unitPrice, nowUtc);
        Raise(by is null ? null : new ProductChanged(by, nowUtc, this, "updated", UnitPrice));
    }

    private void Set(string name, long unitPrice, DateTime nowUtc)
    {
        if (string.IsNullOrWhiteSpace(name) || TextInput.Length(name) > MaxNameLength) throw DomainException.Invalid("name", NameLengthMessage, MaxNameLength);
        if (unitPrice is < 0 or > MaxUnitPrice) throw DomainException.Invalid("unitPrice", "单价须为 0–{0} 的整数（分）", MaxUnitPrice);
        Name = name.Trim();
        UnitPrice = unitPrice;
        UpdatedAtUtc = nowUtc;
    }

    public static string NormaliseSku(string? sku) => (sku ?? "").Trim().ToUpperInvariant();
}
