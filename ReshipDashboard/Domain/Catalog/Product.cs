using ReshipDashboard.Domain.Common;

namespace ReshipDashboard.Domain.Catalog;

/// <summary>A sellable SKU with its current name and unit price in fen.</summary>
public sealed class Product
{
    /// <summary>¥1,000,000.00 in fen: far above any shop's price, far below where order totals could overflow.</summary>
    public const long MaxUnitPrice = 100_000_000;

    private Product() { }

    public Product(string sku, string name, long unitPrice, DateTime nowUtc)
    {
        Sku = NormaliseSku(sku);
        if (Sku.Length is 0 or > 64) throw DomainException.Invalid("sku", "SKU 须为 1–64 个字符");
        Update(name, unitPrice, nowUtc);
    }

    public int Id { get; private set; }
    public string Sku { get; private set; } = "";
    public string Name { get; private set; } = "";
    public long UnitPrice { get; private set; }
    public DateTime UpdatedAtUtc { get; private set; }

    public void Update(string name, long unitPrice, DateTime nowUtc)
    {
        if (string.IsNullOrWhiteSpace(name) || TextInput.Length(name) > 200) throw DomainException.Invalid("name", "商品名称须为 1–200 个字");
        if (unitPrice is < 0 or > MaxUnitPrice) throw DomainException.Invalid("unitPrice", "单价须为 0–{0} 的整数（分）", MaxUnitPrice);
        Name = name.Trim();
        UnitPrice = unitPrice;
        UpdatedAtUtc = nowUtc;
    }

    public static string NormaliseSku(string? sku) => (sku ?? "").Trim().ToUpperInvariant();
}
