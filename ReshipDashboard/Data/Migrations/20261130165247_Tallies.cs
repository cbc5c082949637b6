using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReshipDashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class Tallies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Tallies",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Day = table.Column<int>(type: "INTEGER", nullable: true),
                    Key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Carrier = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Count = table.Column<long>(type: "INTEGER", nullable: false),
                    Quantity = table.Column<long>(type: "INTEGER", nullable: false),
                    AmountFen = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Tallies", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Tallies_Name_Day_Key",
                table: "Tallies",
                columns: new[] { "Name", "Day", "Key" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Tallies");
        }
    }
}
