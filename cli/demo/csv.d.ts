// esbuild's `text` loader turns an imported .csv file into its contents (scripts/demo.mjs).
declare module '*.csv' {
  const text: string;
  export default text;
}
