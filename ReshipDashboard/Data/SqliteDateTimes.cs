using System.Data;
using System.Data.Common;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Sqlite.Storage.Internal;
using Microsoft.EntityFrameworkCore.Storage;

namespace ReshipDashboard.Data;

#pragma warning disable EF1001 // the SQLite provider's type mappings: its date-and-time mapping is kept, only its reading is replaced
/// <summary>
/// The SQLite provider's type mappings, with its date-and-time mapping read by <see cref="SqliteDateTimes.Read"/>.
/// </summary>
public sealed class ReshipSqliteTypeMappingSource(
    TypeMappingSourceDependencies dependencies,
    RelationalTypeMappingSourceDependencies relationalDependencies)
    : SqliteTypeMappingSource(dependencies, relationalDependencies)
{
    protected override RelationalTypeMapping? FindMapping(in RelationalTypeMappingInfo mappingInfo)
    {
        var mapping = base.FindMapping(mappingInfo);
        if (ReferenceEquals(mapping, SqliteDateTimeTypeMapping.Default)) return SqliteTextDateTimeTypeMapping.Default;
        return mapping?.GetType() == typeof(SqliteDateTimeTypeMapping) ? new SqliteTextDateTimeTypeMapping(mapping.StoreType, mapping.DbType) : mapping;
    }
}

/// <summary>
/// SQLite's date-and-time mapping (stored as the text <c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c>, written and compared by the
/// provider's own mapping), read by <see cref="SqliteDateTimes.Read"/> instead of Microsoft.Data.Sqlite's general parsing.
/// </summary>
public sealed class SqliteTextDateTimeTypeMapping : SqliteDateTimeTypeMapping
{
    private static readonly MethodInfo GetDateTime = typeof(DbDataReader).GetMethod(nameof(DbDataReader.GetDateTime), [typeof(int)])!;
    private static readonly MethodInfo Read = typeof(SqliteDateTimes).GetMethod(nameof(SqliteDateTimes.Read))!;

    /// <summary>The mapping of a date column of the default store type, shared as the provider shares its own.</summary>
    public static new SqliteTextDateTimeTypeMapping Default { get; } = new("TEXT", System.Data.DbType.DateTime);

    public SqliteTextDateTimeTypeMapping(string storeType, DbType? dbType)
        : base(storeType, dbType)
    {
    }

    private SqliteTextDateTimeTypeMapping(RelationalTypeMappingParameters parameters)
        : base(parameters)
    {
    }

    protected override RelationalTypeMapping Clone(RelationalTypeMappingParameters parameters) => new SqliteTextDateTimeTypeMapping(parameters);

    /// <summary>The reader's <c>GetDateTime(i)</c>, as EF reads a column, becomes <c>SqliteDateTimes.Read(reader, i)</c>.</summary>
    public override Expression CustomizeDataReaderExpression(Expression expression) =>
        base.CustomizeDataReaderExpression(expression is MethodCallExpression { Object: { } reader } call && call.Method == GetDateTime
            ? Expression.Call(Read, reader, call.Arguments[0])
            : expression);
}
#pragma warning restore EF1001

/// <summary>Reading the dates the SQLite provider stores as text.</summary>
public static class SqliteDateTimes
{
    /// <summary>
    /// A date and time as the SQLite provider stores it, <c>yyyy-MM-dd HH:mm:ss</c> with up to seven digits of a second's
    /// fraction, read digit by digit rather than by the general rules of <see cref="DateTime.Parse(string, IFormatProvider)"/>.
    /// Anything else (other text, a number, another reader) is read by the reader's own <c>GetDateTime</c>.
    /// </summary>
    public static DateTime Read(DbDataReader reader, int ordinal) =>
        reader is SqliteDataReader sqlite && TryParse(sqlite.GetString(ordinal), out var value) ? value : reader.GetDateTime(ordinal);

    /// <summary>
    /// Reads <c>yyyy-MM-dd HH:mm:ss</c> with an optional fraction of one to seven digits as an unspecified-kind value;
    /// false for any other text, or an impossible date or time.
    /// </summary>
    public static bool TryParse(string text, out DateTime value)
    {
        value = default;
        var s = text.AsSpan();
        if (s.Length is < 19 or 20 or > 27 || s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' || s[16] != ':'
            || (s.Length > 19 && s[19] != '.')) return false;
        if (!Number(s[..4], out var year) || !Number(s[5..7], out var month) || !Number(s[8..10], out var day)
            || !Number(s[11..13], out var hour) || !Number(s[14..16], out var minute) || !Number(s[17..19], out var second)) return false;
        var fraction = 0;
        if (s.Length > 20 && !Number(s[20..], out fraction)) return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
            return false;
        for (var digits = s.Length - 20; digits is > 0 and < 7; digits++) fraction *= 10;
        value = new DateTime(year, month, day, hour, minute, second).AddTicks(fraction);
        return true;
    }

    private static bool Number(ReadOnlySpan<char> digits, out int value)
    {
        value = 0;
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c)) return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }
}
