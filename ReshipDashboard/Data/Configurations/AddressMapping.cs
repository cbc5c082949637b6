using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReshipDashboard.Domain.Common;

namespace ReshipDashboard.Data.Configurations;

internal static class AddressMapping
{
    /// <summary>Maps an address as a complex type: columns on the owner's table, shared by value.</summary>
    public static void Map(ComplexPropertyBuilder<Address> a)
    {
        a.Property(x => x.Name).HasColumnName("AddressName").HasMaxLength(50);
        a.Property(x => x.Phone).HasColumnName("AddressPhone").HasMaxLength(20);
        a.Property(x => x.Province).HasColumnName("AddressProvince").HasMaxLength(30);
        a.Property(x => x.City).HasColumnName("AddressCity").HasMaxLength(30);
        a.Property(x => x.District).HasColumnName("AddressDistrict").HasMaxLength(30);
        a.Property(x => x.Detail).HasColumnName("AddressDetail").HasMaxLength(200);
    }
}
