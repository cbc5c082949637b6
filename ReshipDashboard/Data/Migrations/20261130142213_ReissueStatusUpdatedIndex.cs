using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReshipDashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReissueStatusUpdatedIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Reissues_Status_UpdatedAtUtc_Id",
                table: "Reissues",
                columns: new[] { "Status", "UpdatedAtUtc", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Reissues_Status_UpdatedAtUtc_Id",
                table: "Reissues");
        }
    }
}
