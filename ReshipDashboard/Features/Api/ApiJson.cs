using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using ReshipDashboard.Domain.Common;

namespace ReshipDashboard.Features.Api;

/// <summary>
/// camelCase fields, snake_case enum words (awaiting_manual_tracking), Chinese left readable. Reading is strict:
/// a number must be a JSON number ("1" is not 1), and a string must be a JSON string of clean text — no lone
/// surrogate, no control character, not longer than <see cref="MaxStringLength"/> characters — else the
/// field is named in a 400.
/// </summary>
public static class ApiJson
{
    /// <summary>No field of the contract is longer (the longest, descriptions and notes, take 500).</summary>
    public const int MaxStringLength = 2000;

    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions o)
    {
        o.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        o.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
        o.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        o.NumberHandling = JsonNumberHandling.Strict;
        o.MaxDepth = 16;
        if (!o.Converters.OfType<JsonStringEnumConverter>().Any())
            o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        if (!o.Converters.OfType<CleanStringConverter>().Any())
            o.Converters.Add(new CleanStringConverter());
        return o;
    }

    /// <summary>Reads strings that are text a person could have typed; writes them as they are.</summary>
    public sealed class CleanStringConverter : JsonConverter<string>
    {
        public override bool HandleNull => false;

        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String) throw new JsonException("Expected a string");
            string? value;
            try
            {
                value = reader.GetString();
            }
            catch (InvalidOperationException)
            {
                throw new JsonException("Invalid characters");
            }
            if (TextInput.HasLoneSurrogate(value) || TextInput.HasControlCharacter(value)) throw new JsonException("Invalid characters");
            if (TextInput.Length(value) > MaxStringLength) throw new JsonException("Too long");
            return value;
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }
}
