"""One module (or package) per ECR feature: its config section schema and the specs the compiler takes."""
