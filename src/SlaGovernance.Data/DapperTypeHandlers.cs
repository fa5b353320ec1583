using System.Data;
using System.Globalization;
using Dapper;

namespace SlaGovernance.Data;

/// <summary>
/// Reads GUIDs, times and dates the same way from every provider: SQLite hands back GUIDs as BLOB and times and dates as TEXT,
/// Npgsql hands back timestamptz as a UTC DateTime and (from Npgsql 10) date as DateOnly. Times are always written in UTC.
/// </summary>
internal static class DapperTypeHandlers
{
    private static int _registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1)
            return;
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.RemoveTypeMap(typeof(Guid));
        SqlMapper.RemoveTypeMap(typeof(Guid?));
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset));
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset?));
        SqlMapper.RemoveTypeMap(typeof(DateOnly));
        SqlMapper.RemoveTypeMap(typeof(DateOnly?));
        SqlMapper.AddTypeHandler(new GuidHandler());
        SqlMapper.AddTypeHandler(new DateTimeOffsetHandler());
        SqlMapper.AddTypeHandler(new DateOnlyHandler());
    }

    private sealed class GuidHandler : SqlMapper.TypeHandler<Guid>
    {
        public override void SetValue(IDbDataParameter parameter, Guid value)
        {
            parameter.DbType = DbType.Guid;
            parameter.Value = value;
        }

        public override Guid Parse(object value) => value switch
        {
            Guid guid => guid,
            byte[] bytes => new Guid(bytes),
            string text => Guid.Parse(text),
            _ => throw new DataException($"Cannot read a GUID from a {value.GetType().Name}."),
        };
    }

    /// <summary>
    /// Dates are written as midnight DateTimes of unspecified kind, with the type left to the provider, exactly as they were
    /// before rows held DateOnly: SQLite's stored text ("2027-01-01 00:00:00") then compares equal to new parameters, and
    /// Npgsql sends a timestamp (DbType.DateTime would make it timestamptz and refuse the kind).
    /// </summary>
    private sealed class DateOnlyHandler : SqlMapper.TypeHandler<DateOnly>
    {
        public override void SetValue(IDbDataParameter parameter, DateOnly value) => parameter.Value = value.ToDateTime(TimeOnly.MinValue);

        public override DateOnly Parse(object value) => value switch
        {
            DateOnly date => date,
            DateTime dt => DateOnly.FromDateTime(dt),
            string text => DateOnly.FromDateTime(DateTime.Parse(text, CultureInfo.InvariantCulture)),
            _ => throw new DataException($"Cannot read a date from a {value.GetType().Name}."),
        };
    }

    private sealed class DateTimeOffsetHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
        {
            parameter.DbType = DbType.DateTimeOffset;
            parameter.Value = value.ToUniversalTime();
        }

        public override DateTimeOffset Parse(object value) => value switch
        {
            DateTimeOffset dto => dto.ToUniversalTime(),
            DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
            string text => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime(),
            _ => throw new DataException($"Cannot read a time from a {value.GetType().Name}."),
        };
    }
}
