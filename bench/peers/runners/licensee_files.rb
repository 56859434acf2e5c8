# Identify licence files with the licensee library in one Ruby process.
# usage: ruby licensee_files.rb FILE_LIST
# Each file is read as a project's LICENSE (what `licensee detect` does with one). licensee's
# matchers: Exact (confidence 100) or Dice (>= 98 % word-set similarity); confidence < 100 is the
# only sign it gives that the text differs from its template.
require 'json'
t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
require 'licensee'
puts JSON.generate({tool: 'licensee', version: Licensee::VERSION,
                    import_ms: (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1e3})
File.read(ARGV[0]).split("\n").each do |path|
  next if path.empty?
  a = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  f = Licensee::ProjectFiles::LicenseFile.new(File.read(path, encoding: 'utf-8').scrub, 'LICENSE')
  lic = f.license
  conf = f.confidence
  ms = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - a) * 1e3
  ids = lic && lic.spdx_id != 'NOASSERTION' ? [lic.spdx_id] : []
  puts JSON.generate({file: path, ids: ids, modified: !ids.empty? && conf.to_f < 100,
                      detail: "#{f.matcher ? f.matcher.name : 'none'} #{conf}", ms: ms})
end
