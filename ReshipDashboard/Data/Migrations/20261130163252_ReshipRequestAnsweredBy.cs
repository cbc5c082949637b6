using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReshipDashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReshipRequestAnsweredBy : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ReshipRequests_CreatedAtUtc",
                table: "ReshipRequests");

            migrationBuilder.AddColumn<string>(
                name: "AnsweredBy",
                table: "ReshipRequests",
                type: "TEXT",
                maxLength: 110,
                nullable: true);

            // Who answered the requests already answered: the first approval or rejection by a person or a key.
            migrationBuilder.Sql("""
                UPDATE "ReshipRequests" SET "AnsweredBy" = (
                    SELECT CASE a."ActorKind" WHEN 'ApiKey' THEN 'API:' || a."ActorName" ELSE a."ActorName" END
                    FROM "AuditEntries" a
                    WHERE a."EntityType" = 'reship_request' AND a."EntityId" = "ReshipRequests"."Id"
                      AND a."Action" IN ('approved', 'rejected') AND a."ActorKind" <> 'System'
                    ORDER BY a."Id" LIMIT 1)
                WHERE "ApprovedAtUtc" IS NOT NULL OR "RejectedAtUtc" IS NOT NULL;
                """);

            migrationBuilder.CreateIndex(
                name: "IX_ReshipRequests_ReceivedFacts",
                table: "ReshipRequests",
                columns: new[] { "CreatedAtUtc", "DueAtUtc", "Reason", "Status", "ApprovedAtUtc", "RejectedAtUtc", "EscalatedAtUtc", "AnsweredBy" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ReshipRequests_ReceivedFacts",
                table: "ReshipRequests");

            migrationBuilder.DropColumn(
                name: "AnsweredBy",
                table: "ReshipRequests");

            migrationBuilder.CreateIndex(
                name: "IX_ReshipRequests_CreatedAtUtc",
                table: "ReshipRequests",
                column: "CreatedAtUtc");
        }
    }
}
