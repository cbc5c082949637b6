using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ReshipDashboard.Data;

/// <summary>Stores UTC and reads back with Kind=Utc, so times never drift into local time.</summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
